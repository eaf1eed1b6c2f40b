using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Devices.Storage.Ata;
using CamkesVm.X86.Memory;
using static CamkesVm.Machine.Devices.Storage.Ahci.AhciRegisters;

namespace CamkesVm.Machine.Devices.Storage.Ahci;

/// <summary>
/// The AHCI HBA memory registers behind ABAR (Serial ATA AHCI 1.3 §3): generic host control (CAP with 32
/// command slots, Gen2 speed, command list override, no NCQ or 64-bit addressing; GHC with HBA reset and
/// interrupt enable; IS; PI; VS 1.3) and the port registers at 100h + 80h × port. The HBA interrupt is
/// level: asserted while GHC.IE is set and some port has an enabled PxIS bit (§5.6.4: IS.IPS[x] is set from
/// PxIS and PxIE, and is re-set after the host clears it while the port still has a cause). Registers are
/// dword registers; other sizes read the covering dword and write through it.
/// </summary>
public sealed class AhciHba : IBusDevice
{
    private const uint VersionAhci13 = 0x0001_0300;
    private readonly AhciPort[] _ports;
    private readonly Action<bool> _setInterrupt;
    private uint _ghc, _is;

    /// <summary>An HBA with one port per entry of <paramref name="drives"/> (null entries: empty ports).</summary>
    public AhciHba(IReadOnlyList<AtaDrive?> drives, PhysicalMemory memory, Action<bool> setInterrupt)
    {
        if (drives.Count is < 1 or > 14) throw new ArgumentOutOfRangeException(nameof(drives), $"an AHCI HBA in a 2 KiB ABAR has 1 to 14 ports, not {drives.Count}");
        _setInterrupt = setInterrupt;
        _ports = new AhciPort[drives.Count];
        for (int i = 0; i < _ports.Length; i++) _ports[i] = new AhciPort(i, drives[i], memory, UpdateInterrupt);
        Capabilities = CapSclo | CapIssGen2 | (31u << 8) | (uint)(_ports.Length - 1);
        _ghc = GhcAe;
    }

    /// <summary>The CAP register.</summary>
    public uint Capabilities { get; }

    /// <summary>The ports.</summary>
    public IReadOnlyList<AhciPort> Ports => _ports;

    /// <inheritdoc/>
    public uint Read(uint offset, int size)
    {
        uint value = ReadRegister(offset & ~3u);
        return (value >> (int)(8 * (offset & 3))) & SizeMask(size);
    }

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size)
    {
        uint aligned = offset & ~3u;
        if (size != 4)
        {
            int shift = (int)(8 * (offset & 3));
            uint mask = SizeMask(size) << shift;
            value = (ReadRegister(aligned) & ~mask) | ((value << shift) & mask);
            if (aligned is Is || (aligned >= PortBase && (aligned & (PortStride - 1)) is PxIs or PxSerr)) value &= mask;
        }
        WriteRegister(aligned, value);
    }

    /// <summary>Reads the dword register at <paramref name="offset"/> (zero where none is defined).</summary>
    public uint ReadRegister(uint offset)
    {
        if (offset >= PortBase) return Port(offset) is { } p ? p.Read(offset & (PortStride - 1)) : 0;
        return offset switch
        {
            Cap => Capabilities,
            Ghc => _ghc,
            Is => _is,
            Pi => (1u << _ports.Length) - 1,
            Vs => VersionAhci13,
            _ => 0,
        };
    }

    /// <summary>Writes the dword register at <paramref name="offset"/>.</summary>
    public void WriteRegister(uint offset, uint value)
    {
        if (offset >= PortBase) { Port(offset)?.Write(offset & (PortStride - 1), value); return; }
        switch (offset)
        {
            case Ghc:
                if ((value & GhcHr) != 0) { ResetHba(); return; }
                _ghc = GhcAe | (value & GhcIe);
                UpdateInterrupt();
                break;
            case Is:
                _is &= ~value;
                UpdateInterrupt();
                break;
        }
    }

    /// <summary>GHC.HR (§10.4.3): every port and the global registers return to their reset values; HR reads back 0 at once.</summary>
    private void ResetHba()
    {
        foreach (var p in _ports) p.Reset();
        _ghc = GhcAe;
        _is = 0;
        UpdateInterrupt();
    }

    private AhciPort? Port(uint offset)
    {
        uint index = (offset - PortBase) / PortStride;
        return index < _ports.Length ? _ports[index] : null;
    }

    private void UpdateInterrupt()
    {
        for (int i = 0; i < _ports.Length; i++)
            if (_ports[i].InterruptPending) _is |= 1u << i;
        _setInterrupt((_ghc & GhcIe) != 0 && _is != 0);
    }

    private static uint SizeMask(int size) => size >= 4 ? 0xFFFF_FFFF : (1u << (8 * size)) - 1;
}
