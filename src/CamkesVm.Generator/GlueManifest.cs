using System;
using System.Collections.Generic;

namespace CamkesVm.Generator
{
    /// <summary>One interface (or synchronisation primitive) of a component type, as the manifest lists it.</summary>
    /// <param name="Kind">emits, consumes, dataport, uses, provides, mutex, semaphore or binary_semaphore.</param>
    /// <param name="Name">The spec's name (e.g. <c>do_print</c>).</param>
    /// <param name="Type">Event type, dataport type or procedure name; empty for mutexes and semaphores.</param>
    internal sealed record GlueInterface(string Kind, string Name, string Type);

    /// <summary>One method parameter: <paramref name="Direction"/> is in, out, inout or refin.</summary>
    internal sealed record GlueParameter(string Direction, string Type, bool IsArray, string Name);

    /// <summary>One procedure method; <paramref name="ReturnType"/> is <c>void</c> when it returns nothing.</summary>
    internal sealed record GlueMethod(string Name, string ReturnType, IReadOnlyList<GlueParameter> Parameters);

    /// <summary>
    /// The glue manifest of one component type (file <c>&lt;Type&gt;.camkes-glue</c>, written by the app loader from
    /// the compiled spec, given to the compiler as an AdditionalFile). Text, one record per line, fields separated
    /// by tabs, <c>#</c> starts a comment line:
    /// <code>
    /// camkes-glue 1
    /// component  PrintServer  control|passive
    /// emits|consumes  &lt;iface&gt;  &lt;EventType&gt;
    /// dataport   &lt;iface&gt;  &lt;Type&gt;  &lt;size&gt;
    /// uses|provides   &lt;iface&gt;  &lt;Procedure&gt;
    /// mutex|semaphore|binary_semaphore  &lt;name&gt;
    /// method     &lt;Procedure&gt;  &lt;name&gt;  &lt;return C type|void&gt;  &lt;dir:type[]?:name&gt;...
    /// </code>
    /// </summary>
    internal sealed class GlueManifest
    {
        public const string Extension = ".camkes-glue";
        public const string Header = "camkes-glue";

        public string Path { get; }
        public string TypeName { get; private set; } = "";
        public bool Control { get; private set; }
        public List<GlueInterface> Interfaces { get; } = new List<GlueInterface>();
        public Dictionary<string, List<GlueMethod>> Procedures { get; } = new Dictionary<string, List<GlueMethod>>(StringComparer.Ordinal);

        private GlueManifest(string path) => Path = path;

        /// <summary>Parses manifest text; throws <see cref="FormatException"/> naming the line on bad input.</summary>
        public static GlueManifest Parse(string path, string text)
        {
            var manifest = new GlueManifest(path);
            var lines = text.Replace("\r\n", "\n").Split('\n');
            var sawHeader = false;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }
                var fields = line.Split('\t');
                if (!sawHeader)
                {
                    if (fields[0] != Header || fields.Length < 2 || fields[1] != "1")
                    {
                        throw new FormatException($"line {i + 1}: expected 'camkes-glue<TAB>1' (format version 1)");
                    }
                    sawHeader = true;
                    continue;
                }
                manifest.ReadRecord(fields, i + 1);
            }
            if (manifest.TypeName.Length == 0)
            {
                throw new FormatException("no 'component' line");
            }
            return manifest;
        }

        private void ReadRecord(string[] f, int line)
        {
            switch (f[0])
            {
                case "component":
                    Require(f, 3, line);
                    TypeName = f[1];
                    Control = f[2] == "control";
                    break;
                case "emits": case "consumes": case "uses": case "provides":
                    Require(f, 3, line);
                    Interfaces.Add(new GlueInterface(f[0], f[1], f[2]));
                    break;
                case "dataport":
                    Require(f, 4, line);
                    Interfaces.Add(new GlueInterface(f[0], f[1], f[2]));
                    break;
                case "mutex": case "semaphore": case "binary_semaphore":
                    Require(f, 2, line);
                    Interfaces.Add(new GlueInterface(f[0], f[1], ""));
                    break;
                case "method":
                    Require(f, 4, line);
                    AddMethod(f, line);
                    break;
                default:
                    throw new FormatException($"line {line}: unknown record '{f[0]}'");
            }
        }

        private void AddMethod(string[] f, int line)
        {
            var parameters = new List<GlueParameter>();
            for (var i = 4; i < f.Length; i++)
            {
                var parts = f[i].Split(':');
                if (parts.Length != 3)
                {
                    throw new FormatException($"line {line}: parameter '{f[i]}' is not 'direction:type:name'");
                }
                var isArray = parts[1].EndsWith("[]", StringComparison.Ordinal);
                var type = isArray ? parts[1].Substring(0, parts[1].Length - 2) : parts[1];
                parameters.Add(new GlueParameter(parts[0], type, isArray, parts[2]));
            }
            if (!Procedures.TryGetValue(f[1], out var methods))
            {
                Procedures[f[1]] = methods = new List<GlueMethod>();
            }
            methods.Add(new GlueMethod(f[2], f[3], parameters));
        }

        private static void Require(string[] fields, int count, int line)
        {
            if (fields.Length < count)
            {
                throw new FormatException($"line {line}: '{fields[0]}' needs {count - 1} tab-separated fields");
            }
        }
    }
}
