using System.CommandLine;

namespace CamkesVm.Cli.Commands;

/// <summary>
/// <c>camkes-vm disk create --size 64M --root FOLDER image.img</c>: a raw disk image with an MBR and one ext4
/// partition (the guest's /dev/sda1) holding FOLDER, for <c>camkes-vm run --disk image.img</c> and
/// <c>root=/dev/sda1</c>.
/// </summary>
internal static class DiskCommand
{
    private static readonly Argument<string> Image = new("image") { Description = "The raw image file to write (replaced if it exists)" };
    private static readonly Option<string> Size = new("--size") { Description = "Image size: 64M, 1G, ... (the partition starts at 1 MiB)", DefaultValueFactory = _ => "64M" };
    private static readonly Option<string?> Root = new("--root") { Description = "Folder whose contents become the filesystem (e.g. an extracted rootfs.cpio or a debootstrap tree)" };
    private static readonly Option<string> Label = new("--label") { Description = "ext4 volume label", DefaultValueFactory = _ => "root" };

    public static Command Create()
    {
        var create = new Command("create", "Create an MBR-partitioned raw disk image with one ext4 partition filled from a folder");
        create.Arguments.Add(Image);
        foreach (var o in new Option[] { Size, Root, Label }) create.Options.Add(o);
        create.SetAction(Execute);
        var disk = new Command("disk", "Disk images for the SATA controller");
        disk.Subcommands.Add(create);
        return disk;
    }

    private static int Execute(ParseResult parse)
    {
        try
        {
            string image = parse.GetValue(Image)!;
            long bytes = DiskImageBuilder.ParseSize(parse.GetValue(Size)!);
            DiskImageBuilder.Create(image, bytes, parse.GetValue(Root), parse.GetValue(Label)!, _ => { });
            Console.WriteLine($"{image}: {bytes >> 20} MiB, partition 1 (ext4, /dev/sda1) from sector {DiskImageBuilder.PartitionStart}");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"camkes-vm disk create: {e.Message}");
            return 2;
        }
    }
}
