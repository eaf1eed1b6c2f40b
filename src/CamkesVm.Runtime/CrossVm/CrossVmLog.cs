namespace CamkesVm.Runtime.CrossVm;

/// <summary>One log line per refused cross-VM request, naming the VM, the request and the status returned.</summary>
internal sealed class CrossVmLog(string vm, Action<string> log)
{
    public uint Refuse(string request, string why, int status)
    {
        log($"{vm}: cross-VM {request}: {why}; returned {CrossVmStatus.Name(status)} to the guest");
        return CrossVmStatus.ToEax(status);
    }
}
