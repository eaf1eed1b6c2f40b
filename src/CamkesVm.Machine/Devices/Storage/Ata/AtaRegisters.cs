namespace CamkesVm.Machine.Devices.Storage.Ata;

/// <summary>
/// Status and error register bits and command opcodes of the ATA/ATAPI Command Set (ACS-2, ATA8-ACS §6 and §7),
/// shared by the AHCI and the legacy IDE transports.
/// </summary>
public static class AtaRegisters
{
    /// <summary>Status: busy, device ready, device fault, seek complete (obsolete DSC), data request, error.</summary>
    public const byte StatusBusy = 0x80, StatusReady = 0x40, StatusFault = 0x20, StatusSeek = 0x10, StatusDrq = 0x08, StatusError = 0x01;

    /// <summary>Error: uncorrectable data, ID not found, command aborted.</summary>
    public const byte ErrorUncorrectable = 0x40, ErrorIdNotFound = 0x10, ErrorAbort = 0x04;

    /// <summary>The Device register's LBA bit (ACS-2 §7: "shall be set to one" for LBA addressing).</summary>
    public const byte DeviceLba = 0x40;

    /// <summary>Command opcodes (ACS-2 Annex B).</summary>
    public const byte Nop = 0x00, Recalibrate = 0x10, ReadSectors = 0x20, ReadSectorsNoRetry = 0x21, ReadSectorsExt = 0x24,
        ReadDmaExt = 0x25, ReadMultipleExt = 0x29, WriteSectors = 0x30, WriteSectorsNoRetry = 0x31, WriteSectorsExt = 0x34,
        WriteDmaExt = 0x35, WriteMultipleExt = 0x39, ReadVerify = 0x40, ReadVerifyNoRetry = 0x41, ReadVerifyExt = 0x42,
        ExecuteDiagnostic = 0x90, InitializeDeviceParameters = 0x91, ReadMultiple = 0xC4, WriteMultiple = 0xC5,
        SetMultipleMode = 0xC6, ReadDma = 0xC8, ReadDmaNoRetry = 0xC9, WriteDma = 0xCA, WriteDmaNoRetry = 0xCB,
        StandbyImmediate = 0xE0, IdleImmediate = 0xE1, Standby = 0xE2, Idle = 0xE3, CheckPowerMode = 0xE5, Sleep = 0xE6,
        FlushCache = 0xE7, IdentifyDevice = 0xEC, FlushCacheExt = 0xEA, SetFeatures = 0xEF;

    /// <summary>SET FEATURES subcommands (ACS-2 §7.48): write cache on/off, set transfer mode.</summary>
    public const byte FeatureEnableWriteCache = 0x02, FeatureSetTransferMode = 0x03, FeatureDisableWriteCache = 0x82,
        FeatureDisableReadLookAhead = 0x55, FeatureEnableReadLookAhead = 0xAA;
}

/// <summary>
/// The command block as the host wrote it (a Register H2D FIS or the IDE task file with its HOB bytes):
/// 16-bit feature and count, the six LBA bytes, device and command.
/// </summary>
public struct AtaTaskFile
{
    /// <summary>Features (15:8 from the "previous" register or FIS byte 11).</summary>
    public ushort Feature;
    /// <summary>Sector count (15:8 likewise).</summary>
    public ushort Count;
    /// <summary>LBA bytes 0-5 (47:0).</summary>
    public ulong Lba;
    /// <summary>The Device register.</summary>
    public byte Device;
    /// <summary>The command opcode.</summary>
    public byte Command;

    /// <summary>The 28-bit address of an LBA28 command: LBA 23:0 and Device 3:0.</summary>
    public readonly long Lba28 => (long)(Lba & 0xFF_FFFF) | ((long)(Device & 0x0F) << 24);

    /// <summary>The 48-bit address of an EXT command.</summary>
    public readonly long Lba48 => (long)(Lba & 0xFFFF_FFFF_FFFF);
}
