using CamkesVm.Glue.Tests.Fakes;
using CamkesVm.Runtime.CGlue;

namespace CamkesVm.Glue.Tests.CGlue;

/// <summary>The seed's print_server.c, unchanged, built against the generated camkes.h and driven through a fake context.</summary>
public sealed class PrintServerCTests : TempFolderTest
{
    /// <summary>The seed's print_server.c as the repository ships it (the Adl seed tests check it is the seed's text).</summary>
    internal static string SeedPrintServer =>
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../apps/cma34cr_minimal/print_server.c"));

    [Fact]
    public void SeedPrintServerPrintsHelloThenWorldForTwoEvents()
    {
        var layout = new CGlueLayout(Specs.Compile().Type("PrintServer"));
        var library = CGlueBuilder.Build(layout, [SeedPrintServer], Temp);
        var context = FakeContexts.PrintServer();
        var component = new CComponent(layout, library);
        component.Attach(context);
        component.PreInit();
        component.PostInit();
        Assert.True(component.HasRun);
        new Thread(() => component.Run()) { IsBackground = true }.Start();

        FakeContexts.Print(context, "hello", "world");

        Assert.Equal("hello\nworld\n", context.Output.ToString());
        Assert.Equal(2, context.Events["done_printing"].Emitted);
    }

    [Fact]
    public void UnchangedSourcesReuseTheCachedLibraryAndChangedOnesRebuild()
    {
        var layout = new CGlueLayout(Specs.Compile().Type("PrintServer"));
        var source = Path.Combine(Temp, "print_server.c");
        File.Copy(SeedPrintServer, source);
        var first = CGlueBuilder.Build(layout, [source], Temp);
        var stamp = File.GetLastWriteTimeUtc(first);
        Assert.Equal(first, CGlueBuilder.Build(layout, [source], Temp));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(first));
        File.AppendAllText(source, "\nint unused_helper(void) { return 1; }\n");
        Assert.NotEqual(first, CGlueBuilder.Build(layout, [source], Temp));
    }

    [Fact]
    public void CompileErrorNamesTheFileAndLine()
    {
        var layout = new CGlueLayout(Specs.Compile().Type("PrintServer"));
        var source = Path.Combine(Temp, "broken.c");
        File.WriteAllText(source, "#include <camkes.h>\nint run(void) {\n    do_print_wiat();\n    return 0;\n}\n");
        var error = Assert.Throws<AppCodeException>(() => CGlueBuilder.Build(layout, [source], Temp));
        Assert.Contains("does not compile", error.Message);
        Assert.Contains("broken.c:3", error.Message);
        Assert.Contains("do_print_wiat", error.Message);
    }
}
