namespace CamkesVm.Runtime.Wiring;

/// <summary>How the runtime implements each connector (camkes_adl.md §2.6); other connectors stay unimplemented.</summary>
internal enum ConnectorFamily
{
    Unsupported,
    Notification,
    SharedData,
    Rpc,
}

internal static class ConnectorFamilies
{
    public static ConnectorFamily Of(string connector) => connector switch
    {
        "seL4Notification" or "seL4NotificationNative" or "seL4NotificationBind" or "seL4NotificationQueue"
            or "seL4GlobalAsynch" => ConnectorFamily.Notification,
        "seL4SharedData" or "seL4SharedDataWithCaps" or "seL4DMASharedData" => ConnectorFamily.SharedData,
        "seL4RPCCall" or "seL4RPCCallNoType" or "seL4DirectCall" => ConnectorFamily.Rpc,
        _ => ConnectorFamily.Unsupported,
    };
}
