using CamkesVm.Adl.Vm;
using CamkesVm.Machine;
using CamkesVm.Machine.Hypercalls;
using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.CrossVm;

/// <summary>
/// Hypercall token 1, <c>DATAPORT_CMD_SHARE</c> (camkes_vm.md §3.2): EBX=1, ECX=dataport id, EDX=guest-physical
/// address of a page-aligned buffer, ESI=size. The size must equal the spec's <c>vmN.&lt;dp&gt;_size</c>; then the
/// guest-physical pages of the buffer are backed by the dataport's shared block (the original unmaps the guest frames
/// and maps the dataport's frames there), so the guest and the native end see the same bytes. Sharing an id again
/// moves it (the old pages get their RAM back). Runs on the VM thread.
/// </summary>
internal sealed unsafe class DataportShare(PcMachine machine, IReadOnlyList<(CrossVmDataport Port, IDataport Block)> ports,
                                           CrossVmPages pages, CrossVmLog log)
{
    public const uint Token = 1;
    public const uint CommandShare = 1;

    public uint Handle(HypercallArgs args)
    {
        if (args.Arg0 != CommandShare)
            return log.Refuse("dataport request", $"unknown command {args.Arg0} (1 = share)", CrossVmStatus.UnknownCommand);
        int id = unchecked((int)args.Arg1);
        uint address = args.Arg2, size = args.Arg3;
        var index = id - 1;                      // the reader orders ports by id, contiguous from 1
        if ((uint)index >= (uint)ports.Count)
            return log.Refuse("dataport share", $"unknown dataport id {args.Arg1} ({Known()})", CrossVmStatus.UnknownId);
        var (port, block) = ports[index];
        if (size != port.Size)
            return log.Refuse("dataport share", $"size {size} for dataport {id} ({port.Interface}), the spec says {port.Size}", CrossVmStatus.Invalid);
        var where = $"dataport {id} ({port.Interface}) at 0x{address:x8}+0x{size:x}";
        switch (GuestRam.CheckPages(machine, address, size))
        {
            case CrossVmStatus.Invalid:
                return log.Refuse("dataport share", $"{where}: the address is not 4 KiB aligned", CrossVmStatus.Invalid);
            case CrossVmStatus.NotRam:
                return log.Refuse("dataport share", $"{where}: the range is not inside the guest's {machine.Memory.RamSize >> 20} MiB of RAM", CrossVmStatus.NotRam);
        }
        if (pages.Conflict(address, size, id) is { } other)
            return log.Refuse("dataport share", $"{where} overlaps {other}", CrossVmStatus.Overlap);
        if (pages.Dataport(id) is { } old) machine.Memory.RestoreRam(old, size);
        machine.Memory.MapHost(address, block.Pointer, size);
        machine.Cpu.FlushTlb(global: true);   // TLB entries hold host pointers of the old frames
        pages.SetDataport(id, address, size);
        return CrossVmStatus.ToEax(CrossVmStatus.Ok);
    }

    private string Known() => ports.Count == 0 ? "the spec gives this VM no cross-VM dataports" : $"the spec has ids 1..{ports.Count}";
}

/// <summary>Which guest-physical pages the cross-VM handlers of one VM use: mapped dataports and the event page.</summary>
internal sealed class CrossVmPages
{
    private readonly Dictionary<int, (uint Address, long Size)> _dataports = [];

    public uint? EventPage { get; set; }

    public uint? Dataport(int id) => _dataports.TryGetValue(id, out var d) ? d.Address : null;

    public void SetDataport(int id, uint address, long size) => _dataports[id] = (address, size);

    /// <summary>What else uses part of the range (other than dataport <paramref name="id"/> itself), or null.</summary>
    public string? Conflict(uint address, long size, int? id)
    {
        foreach (var (other, d) in _dataports)
            if (other != id && GuestRam.Overlaps(address, size, d.Address, d.Size))
                return $"dataport {other} at 0x{d.Address:x8}";
        return EventPage is { } page && GuestRam.Overlaps(address, size, page, GuestRam.PageSize) ? $"the event page at 0x{page:x8}" : null;
    }
}
