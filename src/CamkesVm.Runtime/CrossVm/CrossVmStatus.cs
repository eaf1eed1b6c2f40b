namespace CamkesVm.Runtime.CrossVm;

/// <summary>
/// What the cross-VM hypercalls (tokens 1–3, DESIGN.md "Cross-VM ABI") return in EAX: 0 on success, else a negative
/// Linux errno, so a guest module can hand it straight back to user space. The original VMM returned nothing and
/// stopped the VM on a bad request; ours refuses the request, logs one line and keeps the VM running.
/// </summary>
public static class CrossVmStatus
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>-EPERM: ACK (token 2, command 2) with no event delivered and unacknowledged.</summary>
    public const int NotPending = -1;

    /// <summary>-ENOENT: no dataport (token 1) or event (token 3) has that id in the spec.</summary>
    public const int UnknownId = -2;

    /// <summary>-EFAULT: the buffer or event page is not wholly inside guest RAM.</summary>
    public const int NotRam = -14;

    /// <summary>-EBUSY: the buffer overlaps another dataport's mapping, or the event page.</summary>
    public const int Overlap = -16;

    /// <summary>-EINVAL: wrong dataport size (it must equal <c>vmN.&lt;dp&gt;_size</c>) or an address not 4 KiB aligned.</summary>
    public const int Invalid = -22;

    /// <summary>-ENOSYS: unknown command in EBX.</summary>
    public const int UnknownCommand = -38;

    /// <summary>The EAX value of <paramref name="status"/>.</summary>
    public static uint ToEax(int status) => unchecked((uint)status);

    /// <summary>The errno name of a status, for log lines.</summary>
    public static string Name(int status) => status switch
    {
        Ok => "0",
        NotPending => "-EPERM",
        UnknownId => "-ENOENT",
        NotRam => "-EFAULT",
        Overlap => "-EBUSY",
        Invalid => "-EINVAL",
        UnknownCommand => "-ENOSYS",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
