using CamkesVm.Adl.Diagnostics;

namespace CamkesVm.Adl.Tests.Diagnostics;

/// <summary>
/// Each check of the compiler, triggered by a small spec: the diagnostic names the file, points at the
/// line and column marked <c>@@</c> in the spec, and says what is wrong. Messages of the §2.7 checks keep
/// camkes-tool's wording and add how to fix the problem.
/// </summary>
public sealed class CheckDiagnosticsTests
{
    private const string File = "check.camkes";

    private const string Std = "import <std_connector.camkes>;\n";

    private const string Pair = "procedure P { void f(); }\ncomponent A { control; uses P p; } component B { provides P p; }\n";

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // name, stage, marked spec, expected message
        { "no instances", "s10", "@@assembly { composition { } }", "no instances declared in assembly: add at least one 'component Type name;' to the composition" },
        { "no assembly", "s6", "@@component A { control; }", "no assembly found in input specification: add 'assembly { composition { … } }'" },
        { "unconnected uses", "s10", Std + Pair + "assembly { composition { component A @@a; component B b; } }", "non-optional interface a.p is not connected; connect it or declare it with 'maybe'" },
        { "duplicate interface use", "s10", Std + Pair + "assembly { composition { component A a; component B b;\n connection seL4RPCCall c1(from a.p, to b.p);\n connection seL4RPCCall c2(from b.p, to @@a.p); } }",
            "duplicate use of interface a.p (deprecated form of N-way connections?): an interface may appear on only one side of a connection" },
        { "too many to ends", "s10", Std + "procedure P { void f(); }\ncomponent A { control; uses P p; } component B { provides P p; } component C { provides P p; }\n"
            + "assembly { composition { component A a; component B b; component C c;\n connection seL4RPCCall @@x(from a.p, to b.p, to c.p); } }", "connection 'x' has multiple to ends but its connector type (seL4RPCCall) only permits one" },
        { "conflicting types", "s10", Std + "procedure P { void f(); } procedure Q { void g(); }\ncomponent A { control; uses P p; } component B { provides Q q; }\n"
            + "assembly { composition { component A a; component B b;\n connection seL4RPCCall @@x(from a.p, to b.q); } }", "multiple conflicting types for the interfaces of connection 'x': P, Q" },
        { "wrong direction", "s10", Std + Pair + "assembly { composition { component A a; component B b;\n connection seL4RPCCall x(from @@b.p, to a.p); } }",
            "connection 'x' has an end b.p that cannot be used as 'from' (from ends are uses, emits or dataport interfaces)" },
        { "wrong kind", "s10", Std + "procedure P { void f(); }\ncomponent A { control; emits E e; } component B { provides P p; }\n"
            + "assembly { composition { component A a; component B b;\n connection seL4RPCCallNoType x(from @@a.e, to b.p); } }",
            "connection 'x' has a type 'seL4RPCCallNoType' that is intended for connecting from procedures, but end a.e is not a used procedure" },
        { "hardware mismatch", "s10", Std + "procedure P { void f(); }\ncomponent A { control; uses P p; } component B { hardware; provides P p; }\n"
            + "assembly { composition { component A a; component B b;\n connection seL4RPCCall x(from a.p, to @@b.p); } }",
            "connection 'x' has a type 'seL4RPCCall' that is intended for connecting to software components, but end b.p refers to a hardware device" },
        { "control and hardware", "s10", "component @@A { control; hardware; }\nassembly { composition { component A a; } }", "component A is illegally defined as being both a control component and a hardware device" },
        { "hardware with mutex", "s10", "component @@A { hardware; has mutex m; }\nassembly { composition { component A a; } }", "component A is illegally defined as a hardware device that also has mutexes" },
        { "duplicate entity", "s10", "procedure P { void f(); }\ncomponent A { control; maybe uses P x;\n  maybe uses P @@x; }\nassembly { composition { component A a; } }", "duplicate entity 'x' defined, collides with Uses at check.camkes:2" },
        { "C keyword attribute", "s10", "component A { control; attribute int @@while; }\nassembly { composition { component A a; } }", "attribute name 'while' clashes with a C keyword; rename it" },
        { "duplicate parameter", "s4", "procedure P { void f(in int x, in int @@x); }\ncomponent A { control; maybe uses P p; }\nassembly { composition { component A a; } }", "duplicate definition of Parameter 'x'; previous definition was at check.camkes:1" },
        { "mistyped setting", "s10", "component A { control; attribute int n; }\nassembly { composition { component A a; }\n configuration { a.@@n = \"two\"; } }", "mistyped assignment of attribute a.n of type int: the value \"two\" is of type string" },
        { "duplicate setting", "s10", "component A { control; attribute int n; }\nassembly { composition { component A a; }\n configuration { a.n = 1;\n a.@@n = 2; } }", "duplicate setting for attribute 'a.n'" },
        { "reference to setting set twice", "s8", "component A { control; attribute int n; attribute int m; }\nassembly { composition { component A a; }\n configuration { a.n = 1; a.n = 2;\n @@a.m <- a.n; } }", "setting refers to an attribute that is set multiple times: a.n" },
        { "undeclared attribute (warning)", "ok", "component A { control; attribute int n; }\nassembly { composition { component A a; }\n configuration { a.@@nn = 1; } }", "setting a.nn: component A declares no attribute 'nn'; check the spelling or add 'attribute <type> nn;'" },
        { "unknown instance (warning)", "ok", "component A { control; }\nassembly { composition { component A a; }\n configuration { @@b.n = 1; } }", "setting b.n: there is no instance or connection named 'b', so the setting has no effect" },
        { "unknown component type", "s4", "assembly { composition { component @@Nope a; } }", "unknown reference to 'Nope': no Component of that name is defined before this point" },
        { "syntax error", "s1", "component A { control; provides@@; }\nassembly { composition { component A a; } }", "syntax error: expected a procedure name, but found ';'" },
        { "unclosed block", "s1", "component A { control;\n@@assembly { composition { component A a; } }\n", "syntax error: expected a component member (provides, uses, emits, consumes, dataport, attribute, control, hardware, has, include, maybe, composition or configuration), but found keyword 'assembly'" },
        { "undefined macro as a value", "s1", "component A { control; attribute string s; }\nassembly { composition { component A a; }\n configuration { a.s = @@VM_GUEST_CMDLINE; } }",
            "syntax error: expected a value (a number, string, list [..] or dict {..}), but found 'VM_GUEST_CMDLINE', which looks like a macro that is not defined; "
            + "define it in the app's configurations/<app folder name>.h (configurations/vm.h includes it) or pass -D VM_GUEST_CMDLINE=<value>" },
        { "import not found", "s2", "@@import <nothing/here.camkes>;\nassembly { composition { } }", "import 'nothing/here.camkes' not found in the import path (no -I folders) or the built-in library; add its folder with -I" },
        { "include not found", "s0", "#@@include \"missing.h\"\nassembly { composition { } }", "#include \"missing.h\": file not found (searched: no include directories); add its folder with -I" },
        { "error directive", "s0", "#@@error stop here\nassembly { composition { } }", "#error stop here" },
        { "unterminated conditional", "s0", "#@@ifdef X\nassembly { composition { } }", "unterminated #ifdef: add a matching #endif" },
        { "macro argument count", "s0", "#define TWO(a, b) a b\ncomponent A { control; }\nassembly { composition { component A a; @@TWO(1) } }", "macro 'TWO' takes 2 argument(s), but 1 were given" },
        { "illegal dataport size", "s3", "component A { control; dataport Buf(@@0) d; }\nassembly { composition { component A a; } }", "illegal value for dataport size: Buf(0); the size must be a positive integer" },
        { "unknown query", "s71", "component A { control; attribute int n; }\nassembly { composition { component A a; }\n configuration { @@a.n = dtb({\"path\": \"/x\"}); } }", "unknown query dtb: camkes-vm runs no query plugins; write the value the query would give instead" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Diagnostic_names_file_line_column_and_problem(string name, string stage, string marked, string message)
    {
        var spec = MarkedSpec.Parse(marked);
        var result = AdlCompiler.CompileText(spec.Text, File);
        var diagnostic = result.FirstError ?? result.Diagnostics.FirstOrDefault();
        Assert.True(diagnostic is not null, $"{name}: no diagnostic");
        Assert.Equal(stage == "ok", result.Succeeded);
        if (stage != "ok")
        {
            Assert.Equal(stage, diagnostic.Stage.ToolName());
        }
        Assert.Equal((File, spec.Line, spec.Column, message), (diagnostic.Location.File, diagnostic.Location.Line, diagnostic.Location.Column, diagnostic.Message));
    }
}
