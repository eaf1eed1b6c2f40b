using CamkesVm.Adl.Diagnostics;

namespace CamkesVm.Adl.Tests.Diagnostics;

/// <summary>How diagnostics are shown: position, source line and caret; several errors per run; positions through includes and macros.</summary>
public sealed class DiagnosticPresentationTests
{
    [Fact]
    public void Formatted_diagnostic_shows_the_source_line_and_a_caret_under_the_column()
    {
        var result = AdlCompiler.CompileText("component A {\n\tcontrol; provides; }\nassembly { composition { component A a; } }\n", "x.camkes");
        var text = DiagnosticFormatter.Format(result.FirstError!);
        var lines = text.Split('\n');
        Assert.Equal("x.camkes:2:19: error: syntax error: expected a procedure name, but found ';'", lines[0]);
        Assert.Equal("     control; provides; }", lines[1]);
        Assert.Equal("    " + new string(' ', 18) + "^", lines[2]);
    }

    [Fact]
    public void Parser_recovers_and_reports_each_broken_declaration()
    {
        var result = AdlCompiler.CompileText(
            "component A { control; provides; }\ncomponent B { uses ; }\ncomponent C { dataport Buf(; }\nassembly { composition { component A a; } }\n", "x.camkes");
        Assert.Equal([1, 2, 3], result.Diagnostics.Where(d => d.IsError).Select(d => d.Location.Line));
    }

    [Fact]
    public void Error_in_an_included_header_names_the_header_and_its_line()
    {
        var folder = Directory.CreateTempSubdirectory("camkes-diag-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "defs.h"), "/* defs */\n\n#if 1 +\n#endif\n");
            File.WriteAllText(Path.Combine(folder, "app.camkes"), "#include \"defs.h\"\nassembly { composition { } }\n");
            var error = AdlCompiler.CompileFile(Path.Combine(folder, "app.camkes")).FirstError!;
            Assert.Equal((Path.Combine(folder, "defs.h"), 3), (error.Location.File, error.Location.Line));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Error_from_a_macro_expansion_points_at_the_invocation_and_notes_the_macro()
    {
        var result = AdlCompiler.CompileText(
            "#define IFACES() uses Missing m;\ncomponent A { control;\n    IFACES() }\nassembly { composition { component A a; } }\n", "x.camkes");
        var error = result.FirstError!;
        Assert.Equal(("x.camkes", 3, 5), (error.Location.File, error.Location.Line, error.Location.Column));
        Assert.Contains("IFACES", error.Note ?? "", StringComparison.Ordinal);
    }
}
