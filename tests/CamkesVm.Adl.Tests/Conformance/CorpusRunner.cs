using CamkesVm.Adl.Diagnostics;

namespace CamkesVm.Adl.Tests.Conformance;

/// <summary>Runs a golden case through the compiler and states our verdict as camkes-tool would.</summary>
internal static class CorpusRunner
{
    public static CompilationResult Compile(GoldenCase golden) =>
        AdlCompiler.CompileFile(golden.SpecPath, new CompileOptions { Preprocess = golden.Preprocess });

    /// <summary><c>ok</c>, or the camkes-tool name of the stage that failed (s0..s10, s71).</summary>
    public static string Verdict(CompilationResult result) =>
        result.FailedStage is { } stage ? stage.ToolName() : "ok";

    public static string Expected(GoldenCase golden) => golden.ExpectOk ? "ok" : golden.ExpectStage!;
}
