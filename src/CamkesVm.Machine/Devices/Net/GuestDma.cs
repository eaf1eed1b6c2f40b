using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Devices.Net;

/// <summary>
/// Bus-master copies between a device and guest-physical memory, a page at a time: RAM pages are copied
/// directly, other pages go through the MMIO path byte by byte (as a DMA to a device window would).
/// Addresses wrap at 4 GiB; nothing outside the guest's address space is touched.
/// </summary>
internal static unsafe class GuestDma
{
    public static void Read(PhysicalMemory memory, uint address, Span<byte> data)
    {
        while (!data.IsEmpty)
        {
            int chunk = Chunk(address, data.Length);
            byte* page = memory.HostPage(address);
            if (page != null) new ReadOnlySpan<byte>(page + (address & 0xFFF), chunk).CopyTo(data);
            else memory.Read(address, data[..chunk]);
            data = data[chunk..];
            address += (uint)chunk;
        }
    }

    public static void Write(PhysicalMemory memory, uint address, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int chunk = Chunk(address, data.Length);
            byte* page = memory.HostPage(address);
            if (page != null) data[..chunk].CopyTo(new Span<byte>(page + (address & 0xFFF), chunk));
            else memory.Write(address, data[..chunk]);
            data = data[chunk..];
            address += (uint)chunk;
        }
    }

    private static int Chunk(uint address, int length) => Math.Min(length, PhysicalMemory.PageSize - (int)(address & 0xFFF));
}
