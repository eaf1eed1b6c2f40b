namespace CamkesVm.Machine.Devices.Net;

/// <summary>
/// Register offsets (in the 128 KiB CSR space of BAR0) and bits of the Intel 82574 GbE controller, as listed in
/// the Intel 82574 GbE Controller Family Datasheet §10.2 (register summary) and §7 (descriptors).
/// </summary>
internal static class Intel82574LRegisters
{
    // General (§10.2.2)
    public const int Ctrl = 0x0000, Status = 0x0008, Eecd = 0x0010, Eerd = 0x0014, CtrlExt = 0x0018, Mdic = 0x0020;
    public const int ExtcnfCtrl = 0x0F00, Pba = 0x1000, Eemngctl = 0x1010, Swsm = 0x5B50, Fwsm = 0x5B54;
    // Interrupts (§10.2.4)
    public const int Icr = 0x00C0, Itr = 0x00C4, Ics = 0x00C8, Ims = 0x00D0, Imc = 0x00D8, Iam = 0x00E0;
    // Receive (§10.2.5)
    public const int Rctl = 0x0100, Rdbal = 0x2800, Rdbah = 0x2804, Rdlen = 0x2808, Rdh = 0x2810, Rdt = 0x2818;
    public const int Rfctl = 0x5008, Mta = 0x5200, Ral0 = 0x5400, Rah0 = 0x5404;
    // Transmit (§10.2.6)
    public const int Tctl = 0x0400, Tdbal = 0x3800, Tdbah = 0x3804, Tdlen = 0x3808, Tdh = 0x3810, Tdt = 0x3818;
    // Statistics (§10.2.7): 0x4000-0x40FF, all read as counted since the last read.
    public const int StatisticsStart = 0x4000, StatisticsEnd = 0x4100;
    /// <summary>Receive address registers: 16 pairs (RAL/RAH) from 0x5400.</summary>
    public const int ReceiveAddressCount = 16;

    public const uint CtrlReset = 1u << 26, CtrlPhyReset = 1u << 31, CtrlGioMasterDisable = 1u << 2;
    public const uint StatusFullDuplex = 1u << 0, StatusLinkUp = 1u << 1, StatusSpeed1000 = 2u << 6, StatusGioMasterEnable = 1u << 19;
    public const uint EecdPresent = 1u << 8, EecdAutoReadDone = 1u << 9;
    public const uint EerdStart = 1u << 0, EerdDone = 1u << 1;
    public const int EerdAddressShift = 2, EerdDataShift = 16;
    public const uint EemngctlConfigDone0 = 1u << 18;
    public const uint ExtcnfMdioSoftwareOwnership = 1u << 5;
    public const uint CtrlExtIame = 1u << 27;
    public const uint RahAddressValid = 1u << 31;

    public const uint IcrTxdw = 1u << 0, IcrTxqe = 1u << 1, IcrLsc = 1u << 2, IcrRxdmt0 = 1u << 4, IcrRxo = 1u << 6;
    public const uint IcrRxt0 = 1u << 7, IcrMdac = 1u << 9, IcrIntAsserted = 1u << 31;

    public const uint RctlEnable = 1u << 1, RctlUnicastPromiscuous = 1u << 3, RctlMulticastPromiscuous = 1u << 4;
    public const uint RctlBroadcastAccept = 1u << 15, RctlBufferSizeExtension = 1u << 25, RctlStripCrc = 1u << 26;
    public const int RctlDescriptorMinimumShift = 8, RctlMulticastOffsetShift = 12, RctlBufferSizeShift = 16;
    public const uint RfctlExtendedStatus = 1u << 15;

    public const uint TctlEnable = 1u << 1;

    /// <summary>Descriptors are 16 bytes, rings a multiple of 128 bytes (§7.1.4.3, §7.2.10.3).</summary>
    public const int DescriptorSize = 16;
}
