using System.Buffers.Binary;
using CamkesVm.Machine.Boot;
using CamkesVm.Machine.Tests.Support;
using CamkesVm.X86.Memory;

namespace CamkesVm.Machine.Tests.Boot;

/// <summary>The 32-bit boot protocol as Documentation/arch/x86/boot.rst and zero-page.rst define it, on our real bzImage.</summary>
public class LinuxLoaderTests
{
    private static readonly BootFile Kernel = BootFile.Read(RepoPaths.Linux("bzimage"), "kernel");

    private static uint U32(PhysicalMemory m, uint a) => m.ReadUInt32(a);

    [Fact]
    public void BzImage_zero_page_follows_the_boot_protocol()
    {
        using var mem = new PhysicalMemory(128u << 20);
        var initrd = new BootFile("initrd", [1, 2, 3, 4, 5]);
        var entry = LinuxLoader.LoadBzImage(mem, Kernel, initrd, "console=ttyS0", rsdp: 0xE0000);
        uint zp = entry.Esi;
        Assert.Equal(0x100000u, entry.Eip);                                  // code32_start
        Assert.Equal((ushort)0xAA55, (ushort)(U32(mem, zp + 0x1FE) & 0xFFFF));
        Assert.Equal(0x53726448u, U32(mem, zp + 0x202));                       // "HdrS"
        Assert.Equal(0xFF, mem.ReadByte(zp + 0x210));                          // type_of_loader
        Assert.Equal(0, mem.ReadByte(zp + 0x1EF));                             // sentinel stays 0
        uint cmd = U32(mem, zp + 0x228);
        var text = new byte[14];
        mem.Read(cmd, text);
        Assert.Equal("console=ttyS0\0", System.Text.Encoding.ASCII.GetString(text));
        uint rd = U32(mem, zp + 0x218);
        Assert.Equal(5u, U32(mem, zp + 0x21C));
        Assert.Equal(0u, rd & 0xFFF);
        Assert.True(rd + 5 <= 128u << 20);
        Assert.True(rd >= 0x1000000 + U32(mem, zp + 0x260), "initrd must lie above the kernel's init_size region");
        Assert.Equal(3, mem.ReadByte(rd + 2));
        Assert.Equal(0xE0000u, U32(mem, zp + 0x70));                           // acpi_rsdp_addr
    }

    [Fact]
    public void BzImage_protected_mode_kernel_is_copied_to_1MiB()
    {
        using var mem = new PhysicalMemory(64u << 20);
        LinuxLoader.LoadBzImage(mem, Kernel, null, "");
        int setupSects = Kernel.Data[0x1F1];
        int offset = (setupSects + 1) * 512;
        var loaded = new byte[4096];
        mem.Read(0x100000, loaded);
        Assert.Equal(Kernel.Data.AsSpan(offset, 4096).ToArray(), loaded);
    }

    [Fact]
    public void E820_map_reserves_the_legacy_hole_and_reports_all_ram()
    {
        using var mem = new PhysicalMemory(64u << 20);
        uint zp = LinuxLoader.LoadBzImage(mem, Kernel, null, "").Esi;
        int n = mem.ReadByte(zp + 0x1E8);
        var entries = Enumerable.Range(0, n).Select(i =>
        {
            var e = new byte[20];
            mem.Read(zp + 0x2D0 + (uint)i * 20, e);
            return (Addr: BinaryPrimitives.ReadUInt64LittleEndian(e), Size: BinaryPrimitives.ReadUInt64LittleEndian(e.AsSpan(8)),
                    Type: BinaryPrimitives.ReadUInt32LittleEndian(e.AsSpan(16)));
        }).ToList();
        Assert.Contains((0UL, 0x9FC00UL, 1u), entries);
        Assert.Contains((0x100000UL, (64UL << 20) - 0x100000, 1u), entries);
        Assert.DoesNotContain(entries, e => e.Type == 1 && e.Addr < 0x100000 && e.Addr + e.Size > 0xA0000);
    }

    [Fact]
    public void Too_little_ram_for_kernel_and_initrd_is_a_clear_error()
    {
        using var mem = new PhysicalMemory(24u << 20);
        var initrd = new BootFile("rootfs.cpio", new byte[8 << 20]);
        var e = Assert.Throws<BootImageException>(() => LinuxLoader.LoadBzImage(mem, Kernel, initrd, ""));
        Assert.Contains("rootfs.cpio", e.Message);
        Assert.Contains("--memory", e.Message);
    }

    [Fact]
    public void Command_line_longer_than_the_kernel_accepts_is_refused()
    {
        using var mem = new PhysicalMemory(64u << 20);
        var e = Assert.Throws<BootImageException>(() => LinuxLoader.LoadBzImage(mem, Kernel, null, new string('x', 3000)));
        Assert.Contains("2047", e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, "too small")]
    [InlineData(null, "not a Linux bzImage")]
    public void Files_that_are_not_kernels_are_named_in_the_error(byte[]? data, string expected)
    {
        data ??= new byte[4096];
        var e = Assert.Throws<BootImageException>(() => LinuxSetupHeader.Parse(data, "junk.bin"));
        Assert.Contains("junk.bin", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Kernel_loader_rejects_unknown_formats_with_a_hint()
    {
        using var mem = new PhysicalMemory(16u << 20);
        var e = Assert.Throws<BootImageException>(() => KernelLoader.Load(mem, new BootFile("x.gz", new byte[1024]), null, ""));
        Assert.Contains("neither a Multiboot kernel", e.Message);
    }

    [Fact]
    public void Elf_vmlinux_is_loaded_at_its_physical_address_with_bss_cleared()
    {
        using var mem = new PhysicalMemory(32u << 20);
        mem.RamSpan[0x100010] = 0xEE;
        var elf = ElfBuilder.Build(0x100000, 0x100000, [0x90, 0xF4], memSize: 0x100);
        var entry = KernelLoader.Load(mem, new BootFile("vmlinux", elf), null, "root=/dev/ram0");
        Assert.Equal(0x100000u, entry.Eip);
        Assert.Equal(0x90, mem.ReadByte(0x100000));
        Assert.Equal(0xF4, mem.ReadByte(0x100001));
        Assert.Equal(0, mem.ReadByte(0x100010));
        Assert.Equal(0x53726448u, mem.ReadUInt32(entry.Esi + 0x202));
    }

    [Fact]
    public void Sixty_four_bit_elf_is_refused()
    {
        var elf = ElfBuilder.Build(0x100000, 0x100000, [0x90], 1, elfClass: 2);
        var e = Assert.Throws<BootImageException>(() => ElfImage.Parse(elf, "vmlinux64"));
        Assert.Contains("64-bit", e.Message);
    }
}
