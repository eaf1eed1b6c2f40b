using System.Text;

namespace CamkesVm.Generator
{
    /// <summary>C# names for the spec's identifiers.</summary>
    internal static class Names
    {
        /// <summary><c>do_print</c> → <c>DoPrint</c>; <c>cross_vm_event_mutex</c> → <c>CrossVmEventMutex</c>.</summary>
        public static string Pascal(string name)
        {
            var builder = new StringBuilder(name.Length);
            var upper = true;
            foreach (var c in name)
            {
                if (c == '_')
                {
                    upper = true;
                    continue;
                }
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            return builder.Length == 0 ? "_" : builder.ToString();
        }

        /// <summary>The generated C# interface of procedure <paramref name="procedure"/>: <c>Adder</c> → <c>IAdder</c>.</summary>
        public static string ProcedureInterface(string procedure) => "I" + Pascal(procedure);

        /// <summary>Namespace of the generated procedure interfaces.</summary>
        public const string ProcedureNamespace = "CamkesVm.Generated.Procedures";

        /// <summary>A parameter name that is a valid C# identifier (keywords get an <c>@</c>).</summary>
        public static string Parameter(string name) =>
            Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;
    }
}
