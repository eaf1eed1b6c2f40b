using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Devices.Storage;

/// <summary>
/// Bus-master copies between a controller's buffer and guest-physical memory, a page at a time through the
/// RAM fast path. DMA that targets no RAM (MMIO, holes) is dropped on writes and reads as ones, so nothing
/// a guest programs into a descriptor can reach host memory outside its RAM.
/// </summary>
public static unsafe class GuestDma
{
    /// <summary>Copies <paramref name="data"/> to guest-physical <paramref name="address"/>.</summary>
    public static void ToGuest(PhysicalMemory memory, uint address, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, PhysicalMemory.PageSize - (int)(address & 0xFFF));
            byte* page = memory.HostPage(address);
            if (page != null) data[..n].CopyTo(new Span<byte>(page + (address & 0xFFF), n));
            data = data[n..];
            address += (uint)n;
        }
    }

    /// <summary>Copies guest-physical memory at <paramref name="address"/> into <paramref name="data"/>.</summary>
    public static void FromGuest(PhysicalMemory memory, uint address, Span<byte> data)
    {
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, PhysicalMemory.PageSize - (int)(address & 0xFFF));
            byte* page = memory.HostPage(address);
            if (page != null) new ReadOnlySpan<byte>(page + (address & 0xFFF), n).CopyTo(data);
            else data[..n].Fill(0xFF);
            data = data[n..];
            address += (uint)n;
        }
    }

    /// <summary>Reads a little-endian dword of guest RAM (descriptors); ones where there is no RAM.</summary>
    public static uint ReadUInt32(PhysicalMemory memory, uint address)
    {
        Span<byte> b = stackalloc byte[4];
        FromGuest(memory, address, b);
        return BitConverter.ToUInt32(b);
    }

    /// <summary>Writes a little-endian dword to guest RAM (descriptors).</summary>
    public static void WriteUInt32(PhysicalMemory memory, uint address, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BitConverter.TryWriteBytes(b, value);
        ToGuest(memory, address, b);
    }
}
