using CamkesVm.Machine.Devices.Storage.Ata;
using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Devices.Storage;

/// <summary>
/// A scatter/gather list in guest memory (the AHCI PRDT, AHCI 1.3 §4.2.3.3, or the Bus Master IDE PRD table,
/// SFF-8038i §3): the transfer walks its entries in order, moving a data phase through a reusable
/// buffer in chunks, so no transfer allocates.
/// </summary>
public abstract class PrdTable
{
    private const int ChunkSectors = 128;
    private readonly byte[] _chunk = new byte[ChunkSectors * 512];
    private int _entry;
    private uint _address, _left;
    private bool _last;

    /// <summary>Guest memory the entries and buffers live in.</summary>
    protected PrdTable(PhysicalMemory memory) => Memory = memory;

    /// <summary>Guest memory.</summary>
    protected PhysicalMemory Memory { get; }

    /// <summary>True when the current entry still has bytes the transfer did not use.</summary>
    protected bool RemainingInEntry => _left != 0;

    /// <summary>Reads entry <paramref name="index"/>: buffer address, byte count, and whether it ends the table; false past the end.</summary>
    protected abstract bool ReadEntry(int index, out uint address, out uint bytes, out bool last);

    /// <summary>
    /// Moves the data phase of <paramref name="request"/> between <paramref name="drive"/> and the buffers;
    /// returns the bytes moved and whether the drive and the table covered the whole transfer.
    /// </summary>
    public (uint Bytes, bool Ok) Transfer(AtaDrive drive, in AtaRequest request)
    {
        _entry = 0; _left = 0; _last = false;
        uint moved = 0;
        for (int done = 0; done < request.Sectors;)
        {
            int n = Math.Min(ChunkSectors, request.Sectors - done);
            var chunk = _chunk.AsSpan(0, n * 512);
            bool ok;
            if (request.ToHost)
            {
                ok = drive.ReadData(request, done, chunk);
                int copied = Move(chunk, toGuest: true);
                moved += (uint)copied;
                ok &= copied == chunk.Length;
            }
            else
            {
                int copied = Move(chunk, toGuest: false);
                moved += (uint)copied;
                ok = copied == chunk.Length && drive.WriteData(request, done, chunk);
            }
            if (!ok) return (moved, false);
            done += n;
        }
        return (moved, true);
    }

    private int Move(Span<byte> data, bool toGuest)
    {
        int total = 0;
        while (!data.IsEmpty && NextBytes(out uint address, out int n, data.Length))
        {
            if (toGuest) GuestDma.ToGuest(Memory, address, data[..n]);
            else GuestDma.FromGuest(Memory, address, data[..n]);
            data = data[n..];
            total += n;
        }
        return total;
    }

    private bool NextBytes(out uint address, out int count, int wanted)
    {
        while (_left == 0)
        {
            if (_last || !ReadEntry(_entry++, out _address, out _left, out _last)) { address = 0; count = 0; return false; }
        }
        address = _address;
        count = (int)Math.Min(_left, (uint)wanted);
        _address += (uint)count;
        _left -= (uint)count;
        return true;
    }
}
