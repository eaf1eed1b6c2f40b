using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CamkesVm.Generator
{
    /// <summary>
    /// Adds typed CAmkES glue to every <c>[CamkesComponent("Type")] partial class … : NativeComponent</c>, from the glue
    /// manifests (<c>*.camkes-glue</c> AdditionalFiles) of the app's component types.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class GlueGenerator : IIncrementalGenerator
    {
        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var manifests = context.AdditionalTextsProvider
                .Where(file => file.Path.EndsWith(GlueManifest.Extension, StringComparison.OrdinalIgnoreCase))
                .Select((file, token) => (file.Path, Text: file.GetText(token)?.ToString() ?? ""))
                .Collect();
            var classes = context.SyntaxProvider
                .ForAttributeWithMetadataName(ComponentClass.AttributeName, (node, _) => true, ComponentClass.From)
                .Collect();
            context.RegisterSourceOutput(manifests.Combine(classes), (output, pair) => Generate(output, pair.Left, pair.Right));
        }

        private static void Generate(SourceProductionContext output, ImmutableArray<(string Path, string Text)> files, ImmutableArray<ComponentClass> classes)
        {
            var manifests = new Dictionary<string, GlueManifest>(StringComparer.Ordinal);
            foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                try
                {
                    var manifest = GlueManifest.Parse(file.Path, file.Text);
                    manifests[manifest.TypeName] = manifest;
                }
                catch (FormatException e)
                {
                    output.ReportDiagnostic(Diagnostic.Create(GlueDiagnostics.BadManifest, Location.None, file.Path, e.Message));
                }
            }
            var procedures = new ProcedureSignatures(manifests.Values);
            foreach (var (procedure, method, type) in procedures.Unsupported)
            {
                var at = classes.FirstOrDefault()?.Location ?? Location.None;
                output.ReportDiagnostic(Diagnostic.Create(GlueDiagnostics.UnsupportedType, at, procedure, method, type));
            }
            if (procedures.Names.Any())
            {
                output.AddSource("CamkesProcedures.g.cs", SourceText.From(ProcedureSourceWriter.Write(procedures), System.Text.Encoding.UTF8));
            }
            var seen = new Dictionary<string, ComponentClass>(StringComparer.Ordinal);
            foreach (var componentClass in classes)
            {
                if (Check(output, componentClass, manifests, seen) is { } manifest)
                {
                    var source = new ComponentSourceWriter(componentClass, manifest, procedures).Write();
                    output.AddSource(componentClass.FullName + ".Camkes.g.cs", SourceText.From(source, System.Text.Encoding.UTF8));
                }
            }
        }

        private static GlueManifest? Check(
            SourceProductionContext output, ComponentClass c, Dictionary<string, GlueManifest> manifests, Dictionary<string, ComponentClass> seen)
        {
            Diagnostic? error = null;
            if (!c.IsTopLevel)
            {
                error = Diagnostic.Create(GlueDiagnostics.Nested, c.Location, c.ClassName);
            }
            else if (!c.IsPartial)
            {
                error = Diagnostic.Create(GlueDiagnostics.NotPartial, c.Location, c.ClassName);
            }
            else if (!c.IsNativeComponent)
            {
                error = Diagnostic.Create(GlueDiagnostics.NotNativeComponent, c.Location, c.ClassName);
            }
            else if (!manifests.ContainsKey(c.TypeName))
            {
                var known = manifests.Count == 0 ? "no component types with glue" : string.Join(", ", manifests.Keys.OrderBy(k => k, StringComparer.Ordinal));
                error = Diagnostic.Create(GlueDiagnostics.UnknownType, c.Location, c.ClassName, c.TypeName, known);
            }
            else if (seen.TryGetValue(c.TypeName, out var first))
            {
                error = Diagnostic.Create(GlueDiagnostics.Duplicate, c.Location, c.TypeName, first.FullName, c.FullName);
            }
            if (error is not null)
            {
                output.ReportDiagnostic(error);
                return null;
            }
            seen[c.TypeName] = c;
            return manifests[c.TypeName];
        }
    }
}
