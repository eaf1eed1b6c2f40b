using System.Buffers.Binary;

namespace CamkesVm.Machine.Boot;

/// <summary>
/// The real-mode setup header of a Linux bzImage (Documentation/arch/x86/boot.rst, "The real-mode kernel
/// header"): the fields a 32-bit boot loader reads, parsed and validated from the image file.
/// </summary>
public sealed class LinuxSetupHeader
{
    /// <summary>Offsets in the image and in boot_params (the header sits at the same place in both).</summary>
    public const int SetupSectsOffset = 0x1F1, BootFlagOffset = 0x1FE, JumpOffset = 0x200, MagicOffset = 0x202,
        VersionOffset = 0x206, TypeOfLoaderOffset = 0x210, LoadFlagsOffset = 0x211, Code32StartOffset = 0x214,
        RamdiskImageOffset = 0x218, RamdiskSizeOffset = 0x21C, CmdLinePtrOffset = 0x228, InitrdAddrMaxOffset = 0x22C,
        KernelAlignmentOffset = 0x230, RelocatableOffset = 0x234, CmdlineSizeOffset = 0x238, PrefAddressOffset = 0x258,
        InitSizeOffset = 0x260;

    private LinuxSetupHeader() { }

    /// <summary>Boot protocol version, e.g. 0x020F.</summary>
    public ushort Version { get; private init; }
    /// <summary>512-byte sectors of real-mode setup code after the boot sector.</summary>
    public int SetupSectors { get; private init; }
    /// <summary>Offset of the protected-mode kernel in the file.</summary>
    public int KernelOffset => (SetupSectors + 1) * 512;
    /// <summary>Where the protected-mode kernel expects to be loaded (1 MiB for bzImage).</summary>
    public uint Code32Start { get; private init; }
    /// <summary>Highest address the initrd may occupy.</summary>
    public uint InitrdAddrMax { get; private init; }
    /// <summary>Largest command line the kernel accepts, without its NUL.</summary>
    public uint CmdlineSize { get; private init; }
    /// <summary>The kernel may run at an address other than its preferred one.</summary>
    public bool Relocatable { get; private init; }
    /// <summary>Address the decompressed kernel prefers (LOAD_PHYSICAL_ADDR).</summary>
    public ulong PrefAddress { get; private init; }
    /// <summary>Bytes the kernel needs from its runtime start for decompression and early boot.</summary>
    public uint InitSize { get; private init; }
    /// <summary>End of the header in the file (0x202 + the jump byte): the bytes a loader copies.</summary>
    public int HeaderEnd { get; private init; }

    /// <summary>Lowest guest-physical address that must stay free for the kernel (its init_size region).</summary>
    public ulong KernelEnd => Math.Max(Code32Start, PrefAddress) + InitSize;

    /// <summary>Parses and validates the header of <paramref name="image"/>; <paramref name="name"/> names the file in errors.</summary>
    public static LinuxSetupHeader Parse(ReadOnlySpan<byte> image, string name)
    {
        if (image.Length < 0x264)
            throw new BootImageException($"{name}: {image.Length} bytes is too small for a Linux bzImage (no setup header)");
        if (BinaryPrimitives.ReadUInt16LittleEndian(image[BootFlagOffset..]) != 0xAA55
            || BinaryPrimitives.ReadUInt32LittleEndian(image[MagicOffset..]) != 0x5372_6448) // "HdrS"
            throw new BootImageException($"{name}: not a Linux bzImage (no 0xAA55 boot flag and \"HdrS\" magic); " +
                                         "pass a bzImage (arch/x86/boot/bzImage), an ELF vmlinux, or a Multiboot kernel");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(image[VersionOffset..]);
        if (version < 0x0202)
            throw new BootImageException($"{name}: boot protocol {version >> 8}.{version & 0xFF:D2} is older than 2.02, " +
                                         "which the 32-bit entry needs (kernels since 2.4 have it)");
        if ((image[LoadFlagsOffset] & 1) == 0)
            throw new BootImageException($"{name}: a zImage (loaded low) is not supported; build a bzImage");
        int setup = image[SetupSectsOffset] == 0 ? 4 : image[SetupSectsOffset];
        var h = new LinuxSetupHeader
        {
            Version = version,
            SetupSectors = setup,
            Code32Start = BinaryPrimitives.ReadUInt32LittleEndian(image[Code32StartOffset..]),
            InitrdAddrMax = version >= 0x0203 ? BinaryPrimitives.ReadUInt32LittleEndian(image[InitrdAddrMaxOffset..]) : 0x37FF_FFFF,
            CmdlineSize = version >= 0x0206 ? BinaryPrimitives.ReadUInt32LittleEndian(image[CmdlineSizeOffset..]) : 255,
            Relocatable = version >= 0x0205 && image[RelocatableOffset] != 0,
            PrefAddress = version >= 0x020A ? BinaryPrimitives.ReadUInt64LittleEndian(image[PrefAddressOffset..]) : 0x10_0000,
            InitSize = version >= 0x020A ? BinaryPrimitives.ReadUInt32LittleEndian(image[InitSizeOffset..]) : 0,
            HeaderEnd = Math.Min(0x202 + image[JumpOffset + 1], 0x280),
        };
        if (h.KernelOffset >= image.Length)
            throw new BootImageException($"{name}: truncated: the setup code claims {setup} sectors but the file ends at {image.Length} bytes");
        return h;
    }
}
