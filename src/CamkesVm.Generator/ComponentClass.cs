using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CamkesVm.Generator
{
    /// <summary>What the generator needs to know about one <c>[CamkesComponent]</c> class (value-equal, for caching).</summary>
    internal sealed record ComponentClass(
        string Namespace, string ClassName, string TypeName, bool IsPartial, bool IsNativeComponent, bool IsTopLevel,
        string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public const string AttributeName = "CamkesVm.Runtime.Components.CamkesComponentAttribute";
        public const string BaseName = "CamkesVm.Runtime.Components.NativeComponent";

        public Location Location => Location.Create(FilePath, Span, LineSpan);

        public string FullName => Namespace.Length == 0 ? ClassName : Namespace + "." + ClassName;

        /// <summary>Reads the class from the attribute match.</summary>
        public static ComponentClass From(GeneratorAttributeSyntaxContext context, CancellationToken cancellation)
        {
            var symbol = (INamedTypeSymbol)context.TargetSymbol;
            var syntax = (ClassDeclarationSyntax)context.TargetNode;
            var attribute = context.Attributes.First();
            var typeName = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string ?? "" : "";
            var isNative = false;
            for (var b = symbol.BaseType; b is not null; b = b.BaseType)
            {
                isNative |= b.ToDisplayString() == BaseName;
            }
            var location = syntax.Identifier.GetLocation();
            var lineSpan = location.GetLineSpan();
            return new ComponentClass(
                symbol.ContainingNamespace.IsGlobalNamespace ? "" : symbol.ContainingNamespace.ToDisplayString(),
                symbol.Name, typeName,
                syntax.Modifiers.Any(m => m.Text == "partial"), isNative,
                symbol.ContainingType is null && !symbol.IsGenericType,
                lineSpan.Path, location.SourceSpan, lineSpan.Span);
        }
    }
}
