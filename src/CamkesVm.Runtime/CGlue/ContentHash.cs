using System.Security.Cryptography;
using System.Text;

namespace CamkesVm.Runtime.CGlue;

/// <summary>A short SHA-256 over a sequence of texts, naming build outputs after their inputs (glue caches).</summary>
public sealed class ContentHash : IDisposable
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Adds one text (terminated, so "ab"+"c" differs from "a"+"bc").</summary>
    public ContentHash Add(string text)
    {
        _sha.AppendData(Encoding.UTF8.GetBytes(text + "\0"));
        return this;
    }

    /// <summary>Adds a file's path and contents.</summary>
    public ContentHash AddFile(string path) => Add(path).Add(File.ReadAllText(path));

    /// <summary>The first <paramref name="digits"/> lowercase hex digits.</summary>
    public string Finish(int digits) => Convert.ToHexString(_sha.GetHashAndReset())[..digits].ToLowerInvariant();

    /// <inheritdoc />
    public void Dispose() => _sha.Dispose();
}
