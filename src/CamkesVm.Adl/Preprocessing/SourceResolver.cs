using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Preprocessing;

/// <summary>
/// Finds and caches source files for <c>#include</c> and <c>import</c>: the including file's folder
/// (for quoted names), the user's search folders in order, then the built-in library, and the
/// generated <c>autoconf.h</c> last.
/// </summary>
internal sealed class SourceResolver(IReadOnlyList<string> searchDirectories, AutoconfHeader? autoconf)
{
    private readonly Dictionary<string, SourceText?> _cache = new(StringComparer.Ordinal);

    public IReadOnlyList<string> SearchDirectories => searchDirectories;

    /// <summary>Loads a file given by path (a disk path or a <c>&lt;builtin&gt;/…</c> path).</summary>
    public SourceText? Load(string path)
    {
        if (_cache.TryGetValue(path, out var cached))
        {
            return cached;
        }
        var text = BuiltinLibrary.IsBuiltinPath(path)
            ? BuiltinLibrary.Read(path[(BuiltinLibrary.Root.Length + 1)..])
            : path == GeneratedAutoconfPath ? autoconf?.Render() : ReadDisk(path);
        var source = text is null ? null : new SourceText(path, text);
        _cache[path] = source;
        return source;
    }

    /// <summary>Resolves an include or import name.</summary>
    /// <param name="name">The name between the quotes or angle brackets.</param>
    /// <param name="angle">True for <c>&lt;name&gt;</c>, which skips the including file's folder.</param>
    /// <param name="includingFile">The path of the file containing the directive.</param>
    public SourceText? Resolve(string name, bool angle, string includingFile)
    {
        foreach (var candidate in Candidates(name, angle, includingFile))
        {
            if (Load(candidate) is { } source)
            {
                return source;
            }
        }
        return null;
    }

    private IEnumerable<string> Candidates(string name, bool angle, string includingFile)
    {
        if (Path.IsPathRooted(name))
        {
            yield return name;
            yield break;
        }
        if (!angle)
        {
            yield return Combine(DirectoryOf(includingFile), name);
        }
        foreach (var directory in searchDirectories)
        {
            yield return Path.Combine(directory, name);
        }
        yield return Combine(BuiltinLibrary.Root, name);
        if (name == AutoconfHeader.FileName && autoconf is not null)
        {
            yield return GeneratedAutoconfPath;
        }
    }

    private const string GeneratedAutoconfPath = "<generated>/autoconf.h";

    private static string DirectoryOf(string path)
    {
        var slash = path.Replace('\\', '/').LastIndexOf('/');
        return slash >= 0 ? path[..slash] : ".";
    }

    /// <summary>Joins paths with '/' and folds "." and ".." so built-in paths stay canonical.</summary>
    private static string Combine(string directory, string name)
    {
        var parts = new List<string>();
        foreach (var part in (directory + "/" + name).Split('/'))
        {
            if (part == ".." && parts.Count > 0 && parts[^1] != ".." && parts[^1] != BuiltinLibrary.Root)
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != "." && (part.Length > 0 || parts.Count == 0))
            {
                parts.Add(part);
            }
        }
        return string.Join('/', parts);
    }

    private static string? ReadDisk(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
