using Microsoft.CodeAnalysis;

namespace CamkesVm.Generator
{
    /// <summary>The generator's diagnostics (ids CAMKES0xx).</summary>
    internal static class GlueDiagnostics
    {
        private const string Category = "CamkesGlue";

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            new DiagnosticDescriptor(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnknownType = Error("CAMKES001", "Component type not in the spec",
            "Class '{0}' implements component type '{1}', but the spec has no such component type (it declares: {2}). Fix the name in [CamkesComponent(\"...\")] or declare the component in the spec.");

        public static readonly DiagnosticDescriptor NotPartial = Error("CAMKES002", "Component class must be partial",
            "Class '{0}' has [CamkesComponent] but is not 'partial'; declare it 'partial class {0} : NativeComponent' so the generated glue can be added");

        public static readonly DiagnosticDescriptor NotNativeComponent = Error("CAMKES003", "Component class must derive from NativeComponent",
            "Class '{0}' has [CamkesComponent] but does not derive from CamkesVm.Runtime.Components.NativeComponent");

        public static readonly DiagnosticDescriptor UnsupportedType = Error("CAMKES004", "Procedure type not supported by the C# glue",
            "Procedure '{0}' method '{1}' uses type '{2}', which the C# glue does not map (supported: integer types, bool, float, double, string and arrays of them)");

        public static readonly DiagnosticDescriptor BadManifest = Error("CAMKES005", "Malformed glue manifest",
            "Glue manifest '{0}' is malformed: {1} (regenerate it with the app loader)");

        public static readonly DiagnosticDescriptor Duplicate = Error("CAMKES006", "Component type implemented twice",
            "Component type '{0}' is implemented by both '{1}' and '{2}'; keep one [CamkesComponent(\"{0}\")] class");

        public static readonly DiagnosticDescriptor Nested = Error("CAMKES007", "Component class must be a top-level, non-generic class",
            "Class '{0}' has [CamkesComponent] but is nested or generic; declare it at namespace level");
    }
}
