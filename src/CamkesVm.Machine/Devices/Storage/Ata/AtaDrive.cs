using CamkesVm.Machine.Storage;
using static CamkesVm.Machine.Devices.Storage.Ata.AtaRegisters;

namespace CamkesVm.Machine.Devices.Storage.Ata;

/// <summary>
/// An ATA disk behind either transport (AHCI port or IDE channel): decodes the command set the Linux libata
/// driver uses (ACS-2 §7: IDENTIFY DEVICE, READ/WRITE SECTORS/MULTIPLE/DMA and their EXT forms, READ VERIFY,
/// FLUSH CACHE (EXT), SET FEATURES, SET MULTIPLE MODE, power management, EXECUTE DEVICE DIAGNOSTIC)
/// and moves sectors between the backend and the transport's buffers. Anything else is aborted
/// (Status ERR, Error ABRT), as the standard requires of unsupported commands.
/// </summary>
public sealed class AtaDrive
{
    private const byte Ok = StatusReady | StatusSeek;
    private readonly Action<string>? _log;

    /// <summary>A drive over <paramref name="disk"/>, identified by <paramref name="serial"/> and <paramref name="model"/>.</summary>
    public AtaDrive(IDiskBackend disk, string serial = "CVM0001", string model = "CAMKES-VM SATA DISK", Action<string>? log = null)
    {
        Disk = disk;
        Serial = serial;
        Model = model;
        _log = log;
    }

    /// <summary>The sectors.</summary>
    public IDiskBackend Disk { get; }

    /// <summary>IDENTIFY serial number (words 10-19).</summary>
    public string Serial { get; }

    /// <summary>IDENTIFY model number (words 27-46).</summary>
    public string Model { get; }

    /// <summary>Feature state set by the host.</summary>
    public AtaDriveSettings Settings { get; } = new();

    /// <summary>The status after power-on or reset: ready, no error.</summary>
    public static byte ReadyStatus => Ok;

    /// <summary>
    /// Decodes <paramref name="tf"/>; commands without data run to completion here. For data commands the
    /// transport then calls <see cref="ReadData"/> / <see cref="WriteData"/> and <see cref="Complete"/>.
    /// </summary>
    public AtaRequest Decode(in AtaTaskFile tf)
    {
        switch (tf.Command)
        {
            case IdentifyDevice: return new AtaRequest(AtaProtocol.PioIn, 0, 1, 1, true, Ok, 0);
            case ReadSectors or ReadSectorsNoRetry: return Transfer(AtaProtocol.PioIn, tf.Lba28, Count28(tf), 1, tf);
            case ReadSectorsExt: return Transfer(AtaProtocol.PioIn, tf.Lba48, Count48(tf), 1, tf);
            case ReadMultiple: return Multiple(AtaProtocol.PioIn, tf.Lba28, Count28(tf), tf);
            case ReadMultipleExt: return Multiple(AtaProtocol.PioIn, tf.Lba48, Count48(tf), tf);
            case WriteSectors or WriteSectorsNoRetry: return Transfer(AtaProtocol.PioOut, tf.Lba28, Count28(tf), 1, tf);
            case WriteSectorsExt: return Transfer(AtaProtocol.PioOut, tf.Lba48, Count48(tf), 1, tf);
            case WriteMultiple: return Multiple(AtaProtocol.PioOut, tf.Lba28, Count28(tf), tf);
            case WriteMultipleExt: return Multiple(AtaProtocol.PioOut, tf.Lba48, Count48(tf), tf);
            case ReadDma or ReadDmaNoRetry: return Transfer(AtaProtocol.DmaIn, tf.Lba28, Count28(tf), 1, tf);
            case ReadDmaExt: return Transfer(AtaProtocol.DmaIn, tf.Lba48, Count48(tf), 1, tf);
            case WriteDma or WriteDmaNoRetry: return Transfer(AtaProtocol.DmaOut, tf.Lba28, Count28(tf), 1, tf);
            case WriteDmaExt: return Transfer(AtaProtocol.DmaOut, tf.Lba48, Count48(tf), 1, tf);
            case ReadVerify or ReadVerifyNoRetry: return Verify(tf.Lba28, Count28(tf), tf);
            case ReadVerifyExt: return Verify(tf.Lba48, Count48(tf), tf);
            case FlushCache or FlushCacheExt: return Disk.Flush() ? AtaRequest.Done(Ok) : Fail(ErrorAbort);
            case SetFeatures: return SetFeature(tf);
            case SetMultipleMode: return SetMultiple(tf.Count & 0xFF);
            case ExecuteDiagnostic: return AtaRequest.Done(Ok, 0x01);
            case CheckPowerMode or StandbyImmediate or IdleImmediate or Standby or Idle or Sleep or InitializeDeviceParameters:
                return AtaRequest.Done(Ok);
            default:
                if (tf.Command is >= Recalibrate and <= 0x1F) return AtaRequest.Done(Ok);
                _log?.Invoke($"ATA: command 0x{tf.Command:x2} is not supported; aborted");
                return Fail(ErrorAbort);
        }
    }

    /// <summary>Reads the <paramref name="request"/>'s sectors (or IDENTIFY data) starting <paramref name="sectorOffset"/> into <paramref name="buffer"/>.</summary>
    public bool ReadData(in AtaRequest request, int sectorOffset, Span<byte> buffer)
    {
        if (!request.Identify) return Disk.Read(request.Lba + sectorOffset, buffer);
        AtaIdentify.Fill(buffer, Disk.SectorCount, Serial, Model, Settings);
        return true;
    }

    /// <summary>Writes <paramref name="data"/> as the <paramref name="request"/>'s sectors from <paramref name="sectorOffset"/>.</summary>
    public bool WriteData(in AtaRequest request, int sectorOffset, ReadOnlySpan<byte> data) =>
        Disk.Write(request.Lba + sectorOffset, data);

    /// <summary>The status/error a data command ends with: success, or UNC (read) / ABRT (write) after a backend failure.</summary>
    public static AtaRequest Complete(in AtaRequest request, bool ok) =>
        ok ? AtaRequest.Done(Ok) : Fail(request.ToHost ? ErrorUncorrectable : ErrorAbort);

    private static int Count28(in AtaTaskFile tf) => (tf.Count & 0xFF) == 0 ? 256 : tf.Count & 0xFF;

    private static int Count48(in AtaTaskFile tf) => tf.Count == 0 ? 65536 : tf.Count;

    private AtaRequest Transfer(AtaProtocol protocol, long lba, int sectors, int perBlock, in AtaTaskFile tf)
    {
        if ((tf.Device & DeviceLba) == 0)
        {
            _log?.Invoke($"ATA: command 0x{tf.Command:x2} with CHS addressing is not supported (set the Device LBA bit); aborted");
            return Fail(ErrorAbort);
        }
        if (lba + sectors > Disk.SectorCount) return Fail(ErrorIdNotFound);
        if (protocol is AtaProtocol.PioOut or AtaProtocol.DmaOut && Disk.ReadOnly) return Fail(ErrorAbort);
        return new AtaRequest(protocol, lba, sectors, perBlock, false, Ok, 0);
    }

    private AtaRequest Multiple(AtaProtocol protocol, long lba, int sectors, in AtaTaskFile tf) =>
        Settings.MultipleCount == 0 ? Fail(ErrorAbort) : Transfer(protocol, lba, sectors, Settings.MultipleCount, tf);

    private AtaRequest Verify(long lba, int sectors, in AtaTaskFile tf) =>
        (tf.Device & DeviceLba) == 0 ? Fail(ErrorAbort) : lba + sectors > Disk.SectorCount ? Fail(ErrorIdNotFound) : AtaRequest.Done(Ok);

    private AtaRequest SetFeature(in AtaTaskFile tf)
    {
        switch (tf.Feature & 0xFF)
        {
            case FeatureEnableWriteCache: Settings.WriteCache = true; return AtaRequest.Done(Ok);
            case FeatureDisableWriteCache: Settings.WriteCache = false; return Disk.Flush() ? AtaRequest.Done(Ok) : Fail(ErrorAbort);
            case FeatureEnableReadLookAhead or FeatureDisableReadLookAhead: return AtaRequest.Done(Ok);
            case FeatureSetTransferMode: return SetTransferMode(tf.Count & 0xFF);
            default: return Fail(ErrorAbort);
        }
    }

    /// <summary>SET FEATURES 03h: count 00h/01h PIO default, 08h+n PIO n, 20h+n multiword DMA n, 40h+n UDMA n (ACS-2 Table 72).</summary>
    private AtaRequest SetTransferMode(int mode)
    {
        switch (mode >> 3)
        {
            case 0 or 1 when (mode & 7) <= 4: return AtaRequest.Done(Ok);
            case 4 when (mode & 7) <= 2: Settings.MultiwordDmaMode = mode & 7; Settings.UltraDmaMode = null; return AtaRequest.Done(Ok);
            case 8 when (mode & 7) <= 5: Settings.UltraDmaMode = mode & 7; Settings.MultiwordDmaMode = null; return AtaRequest.Done(Ok);
            default: return Fail(ErrorAbort);
        }
    }

    private AtaRequest SetMultiple(int count)
    {
        if (count > 16 || (count & (count - 1)) != 0) return Fail(ErrorAbort);
        Settings.MultipleCount = count;
        return AtaRequest.Done(Ok);
    }

    private static AtaRequest Fail(byte error) => AtaRequest.Done(Ok | StatusError, error);
}
