using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Devices.Storage.Ahci;
using CamkesVm.Machine.Devices.Storage.Ata;
using CamkesVm.Machine.Devices.Storage.Ide;
using CamkesVm.Machine.Pci;
using CamkesVm.Machine.Storage;
using CamkesVm.X86.Memory;
using static CamkesVm.Machine.Pci.PciConfigRegisters;

namespace CamkesVm.Machine.Devices.Storage;

/// <summary>
/// The SATA controller of the cma34cr's Intel 7 Series (QM77, "Panther Point") PCH at D31:F2 (Intel 7 Series/C216
/// Chipset Family PCH datasheet, ch. 14 "SATA Controller Registers (D31:F2)"), in the mode the BIOS chose:
/// <list type="bullet">
/// <item>AHCI (device 1E03h, class 010601h): BAR0-3 the legacy task-file windows (not routed to the ports in
/// AHCI mode: they read all ones), BAR4 32 bytes (Bus Master IDE, unused, and the AHCI index/data pair AIDP
/// at 10h/14h), BAR5 the 2 KiB ABAR with the <see cref="AhciHba"/>, six ports.</item>
/// <item>IDE (device 1E01h, class 01018Fh: both channels in native mode, bus master): BAR0/1 primary command
/// and control blocks, BAR2/3 secondary, BAR4 Bus Master IDE, BAR5 the SATA index/data pair (SIDPR); ports 0-3
/// are primary master, secondary master, primary slave, secondary slave (MAP = 00h).</item>
/// </list>
/// The BARs start at the seed board's addresses (AHCI: I/O 4088h, 4094h, 4080h, 4090h, 4060h and ABAR C0713000h;
/// IDE: 40B8h, 40CCh, 40B0h, 40C8h, 4090h, 4080h) with decoding off, as firmware leaves them for the OS to enable.
/// INTx is pin B (the PCH's default D31IP.SIP); DMA goes to guest-physical memory only while Bus Master is enabled.
/// </summary>
public sealed class PchSataController : PciFunction
{
    /// <summary>PCI device IDs (Linux ahci and ata_piix both bind these).</summary>
    public const ushort AhciDeviceId = 0x1E03, IdeDeviceId = 0x1E01;

    /// <summary>The seed's ABAR.</summary>
    public const uint DefaultAbar = 0xC071_3000, AbarSize = 0x800;

    private const int IdeTiming = 0x40, SlaveTiming = 0x44, SdmaControl = 0x48, SdmaTiming = 0x4A, IdeConfig = 0x54;
    private const int PortMapping = 0x90, PortControl = 0x92;
    private static readonly uint[] AhciBars = [0x4088, 0x4094, 0x4080, 0x4090, 0x4060];
    private static readonly uint[] IdeBars = [0x40B8, 0x40CC, 0x40B0, 0x40C8, 0x4090, 0x4080];

    /// <summary>
    /// A controller in <paramref name="mode"/> with <paramref name="disks"/> on ports 0, 1, ... (up to 6 in AHCI
    /// mode, 4 in IDE mode), doing DMA into <paramref name="memory"/>.
    /// </summary>
    public PchSataController(SataMode mode, IReadOnlyList<IDiskBackend> disks, PhysicalMemory memory, Action<string>? log = null)
        : base(mode == SataMode.Ahci ? "Intel 7 Series SATA controller (AHCI)" : "Intel 7 Series SATA controller (IDE)",
               0x8086, mode == SataMode.Ahci ? AhciDeviceId : IdeDeviceId,
               mode == SataMode.Ahci ? 0x01_06_01u : 0x01_01_8Fu, revision: 0x04)
    {
        int ports = mode == SataMode.Ahci ? 6 : 4;
        if (disks.Count > ports)
            throw new ArgumentException($"the SATA controller in {mode} mode has {ports} ports; {disks.Count} disks were given", nameof(disks));
        Mode = mode;
        var drives = new AtaDrive?[ports];
        for (int i = 0; i < disks.Count; i++) drives[i] = new AtaDrive(disks[i], $"CVM{i:D4}", log: log);
        Drives = drives;
        SetInterruptPin(2);
        if (mode == SataMode.Ahci) BuildAhci(drives, memory);
        else BuildIde(drives, memory);
        DefineChipsetRegisters(drives);
    }

    /// <summary>The mode fixed at construction.</summary>
    public SataMode Mode { get; }

    /// <summary>The drives by port (null: empty port).</summary>
    public IReadOnlyList<AtaDrive?> Drives { get; }

    /// <summary>The AHCI HBA (AHCI mode only).</summary>
    public AhciHba? Hba { get; private set; }

    /// <summary>The primary and secondary IDE channels (IDE mode only).</summary>
    public IdeChannel? Primary { get; private set; }

    /// <inheritdoc cref="Primary"/>
    public IdeChannel? Secondary { get; private set; }

    /// <summary>Flushes every disk (the machine's exit path calls it; the backends flush again on dispose).</summary>
    public void FlushDisks()
    {
        foreach (var d in Drives) d?.Disk.Flush();
    }

    private void BuildAhci(AtaDrive?[] drives, PhysicalMemory memory)
    {
        Hba = new AhciHba(drives, memory, SetInterrupt);
        var unrouted = new UnroutedWindow();
        DefineIoBar(0, 8, unrouted);
        DefineIoBar(1, 4, unrouted);
        DefineIoBar(2, 8, unrouted);
        DefineIoBar(3, 4, unrouted);
        DefineIoBar(4, 32, new AhciIndexDataPair(Hba));
        DefineMemoryBar(5, AbarSize, Hba);
        for (int i = 0; i < AhciBars.Length; i++) Set32(Bar0 + 4 * i, AhciBars[i] | 1);
        Set32(Bar0 + 20, DefaultAbar);
    }

    private void BuildIde(AtaDrive?[] drives, PhysicalMemory memory)
    {
        Primary = new IdeChannel(drives[0], drives[2], memory, () => BusMasterEnabled, UpdateIdeInterrupt);
        Secondary = new IdeChannel(drives[1], drives[3], memory, () => BusMasterEnabled, UpdateIdeInterrupt);
        DefineIoBar(0, 8, Primary);
        DefineIoBar(1, 4, new IdeControlBlock(Primary));
        DefineIoBar(2, 8, Secondary);
        DefineIoBar(3, 4, new IdeControlBlock(Secondary));
        DefineIoBar(4, 16, new BusMasterIdeBlock(Primary, Secondary));
        DefineIoBar(5, 16, new SataIndexDataPair(p => (p switch { 0 => drives[0], 1 => drives[2], 2 => drives[1], _ => drives[3] }) != null));
        for (int i = 0; i < IdeBars.Length; i++) Set32(Bar0 + 4 * i, IdeBars[i] | 1);
    }

    private void UpdateIdeInterrupt() => SetInterrupt(Primary?.InterruptAsserted == true || Secondary?.InterruptAsserted == true);

    /// <summary>IDE timing (decode enable set, as the BIOS leaves it), DMA control/timing, IDE_CONFIG, MAP and PCS (port enables RW, present bits RO).</summary>
    private void DefineChipsetRegisters(AtaDrive?[] drives)
    {
        Set16(IdeTiming, 0x8000);
        Set16(IdeTiming + 2, 0x8000);
        SetWritable(IdeTiming, 4, 0xFFFF_FFFF);
        SetWritable(SlaveTiming, 1, 0xFF);
        SetWritable(SdmaControl, 1, 0x0F);
        SetWritable(SdmaTiming, 2, 0x3333);
        SetWritable(IdeConfig, 4, 0xFFFF_FFFF);
        Set8(PortMapping, (byte)(Mode == SataMode.Ahci ? 0x40 : 0x00));
        ushort present = 0;
        for (int i = 0; i < drives.Length; i++) if (drives[i] != null) present |= (ushort)(0x100 << i);
        Set16(PortControl, present);
        SetWritable(PortControl, 1, (1u << drives.Length) - 1);
    }

    /// <summary>A window the mode does not route anywhere: reads all ones, ignores writes.</summary>
    private sealed class UnroutedWindow : IBusDevice
    {
        public uint Read(uint offset, int size) => size >= 4 ? 0xFFFF_FFFF : (1u << (8 * size)) - 1;
        public void Write(uint offset, uint value, int size) { }
    }
}
