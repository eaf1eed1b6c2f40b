namespace CamkesVm.Adl.Diagnostics;

/// <summary>
/// The pipeline stage that reports a diagnostic. The stages and their numbering follow camkes-tool
/// (s0..s10), so verdicts can be compared with the original tool's.
/// </summary>
public enum CompilerStage
{
    /// <summary>s0: reading files and running the C preprocessor.</summary>
    Preprocess,

    /// <summary>s1: lexing and parsing.</summary>
    Syntax,

    /// <summary>s2: resolving <c>import</c> statements.</summary>
    Import,

    /// <summary>s3: lifting: constant expressions, dataport sizes, thread counts.</summary>
    Lift,

    /// <summary>s4: name resolution and duplicate definitions.</summary>
    Resolve,

    /// <summary>s5: collapsing groups into address spaces.</summary>
    Groups,

    /// <summary>s6: merging assembly blocks.</summary>
    Assembly,

    /// <summary>s7: flattening hierarchical components.</summary>
    Flatten,

    /// <summary>s7.1: running queries such as <c>dtb(...)</c>.</summary>
    Query,

    /// <summary>s8: resolving <c>&lt;-</c> attribute references.</summary>
    AttributeReferences,

    /// <summary>s9: merging connections that share an end into N-way connections.</summary>
    MergeConnections,

    /// <summary>s10: the semantic checks of the frozen assembly.</summary>
    Check,
}

/// <summary>Helpers for <see cref="CompilerStage"/>.</summary>
public static class CompilerStageNames
{
    /// <summary>The camkes-tool stage name (<c>s0</c> .. <c>s10</c>, <c>s71</c>).</summary>
    public static string ToolName(this CompilerStage stage) => stage switch
    {
        CompilerStage.Preprocess => "s0",
        CompilerStage.Syntax => "s1",
        CompilerStage.Import => "s2",
        CompilerStage.Lift => "s3",
        CompilerStage.Resolve => "s4",
        CompilerStage.Groups => "s5",
        CompilerStage.Assembly => "s6",
        CompilerStage.Flatten => "s7",
        CompilerStage.Query => "s71",
        CompilerStage.AttributeReferences => "s8",
        CompilerStage.MergeConnections => "s9",
        _ => "s10",
    };
}
