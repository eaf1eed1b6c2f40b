namespace CamkesVm.Machine.Boot;

/// <summary>A file to boot (kernel, initrd, Multiboot module) with the name errors should show.</summary>
public sealed record BootFile(string Name, byte[] Data)
{
    /// <summary>Reads a file, turning I/O errors into a <see cref="BootImageException"/> that names it.</summary>
    public static BootFile Read(string path, string role)
    {
        try
        {
            var data = File.ReadAllBytes(path);
            if (data.Length == 0) throw new BootImageException($"{role} {path} is empty");
            return new BootFile(path, data);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BootImageException($"cannot read {role} {path}: {e.Message}");
        }
    }
}
