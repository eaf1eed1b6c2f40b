using System.Buffers.Binary;
using CamkesVm.Machine.Boot;
using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Tests.Boot;

/// <summary>Multiboot 0.6.96 (§3.1 header, §3.2 machine state, §3.3 boot information) with the a.out kludge.</summary>
public class MultibootLoaderTests
{
    /// <summary>A kernel image: header at 0 with address fields, loaded at 1 MiB, 16 bytes of code after the header.</summary>
    private static byte[] AoutKernel(uint flags = 0x0001_0003)
    {
        var k = new byte[64];
        var s = k.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s, MultibootLoader.HeaderMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], unchecked(0u - MultibootLoader.HeaderMagic - flags));
        BinaryPrimitives.WriteUInt32LittleEndian(s[12..], 0x100000); // header_addr
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], 0x100000); // load_addr
        BinaryPrimitives.WriteUInt32LittleEndian(s[20..], 0);        // load_end_addr: whole file
        BinaryPrimitives.WriteUInt32LittleEndian(s[24..], 0x101000); // bss_end_addr
        BinaryPrimitives.WriteUInt32LittleEndian(s[28..], 0x100020); // entry_addr
        k[0x20] = 0xF4;
        return k;
    }

    [Fact]
    public void Aout_kludge_kernel_gets_magic_and_boot_information()
    {
        using var mem = new PhysicalMemory(32u << 20);
        var module = new BootFile("initrd.img", [9, 8, 7]);
        var entry = KernelLoader.Load(mem, new BootFile("kernel.elf", AoutKernel()), module, "quiet", [(new BootFile("m2", [1]), "arg")]);
        Assert.Equal(0x2BADB002u, entry.Eax);
        Assert.Equal(0x100020u, entry.Eip);
        Assert.Equal(0xF4, mem.ReadByte(0x100020));
        uint info = entry.Ebx;
        uint flags = mem.ReadUInt32(info);
        Assert.True((flags & 1) != 0 && (flags & 4) != 0 && (flags & 8) != 0 && (flags & 64) != 0);
        Assert.Equal(639u, mem.ReadUInt32(info + 4));                  // mem_lower in KiB
        Assert.Equal((32u << 10) - 1024, mem.ReadUInt32(info + 8));     // mem_upper: KiB above 1 MiB
        Assert.Equal("quiet", ReadString(mem, mem.ReadUInt32(info + 16)));
        Assert.Equal(2u, mem.ReadUInt32(info + 20));
        uint mods = mem.ReadUInt32(info + 24);
        uint start = mem.ReadUInt32(mods);
        Assert.Equal(0u, start & 0xFFF);                                 // page-aligned (header flag 0)
        Assert.True(start >= 0x101000, "modules lie above the kernel's bss");
        Assert.Equal(start + 3, mem.ReadUInt32(mods + 4));
        Assert.Equal(9, mem.ReadByte(start));
        Assert.Equal("initrd.img", ReadString(mem, mem.ReadUInt32(mods + 8)));
        Assert.Equal("m2 arg", ReadString(mem, mem.ReadUInt32(mods + 16 + 8)));
        Assert.Equal(20u, mem.ReadUInt32(mem.ReadUInt32(info + 48)));   // mmap entry size field
    }

    [Fact]
    public void Header_with_a_bad_checksum_is_not_multiboot()
    {
        var k = AoutKernel();
        k[8] ^= 1;
        Assert.Equal(-1, MultibootLoader.FindHeader(k));
    }

    [Fact]
    public void Unknown_required_feature_bits_fail_the_boot()
    {
        using var mem = new PhysicalMemory(32u << 20);
        var e = Assert.Throws<BootImageException>(() => MultibootLoader.Load(mem, new BootFile("k", AoutKernel(0x0001_0010)), "", []));
        Assert.Contains("features", e.Message);
    }

    private static string ReadString(PhysicalMemory mem, uint at)
    {
        var bytes = new List<byte>();
        for (byte b; (b = mem.ReadByte(at)) != 0; at++) bytes.Add(b);
        return System.Text.Encoding.ASCII.GetString([.. bytes]);
    }
}
