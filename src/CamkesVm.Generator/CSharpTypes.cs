using System.Collections.Generic;

namespace CamkesVm.Generator
{
    /// <summary>Maps the ADL's C types (as the compiler normalises them) to C# types for procedure interfaces.</summary>
    internal static class CSharpTypes
    {
        private static readonly Dictionary<string, string> Scalars = new Dictionary<string, string>
        {
            ["int"] = "int", ["unsigned int"] = "uint", ["char"] = "byte", ["signed char"] = "sbyte",
            ["unsigned char"] = "byte", ["int8_t"] = "sbyte", ["uint8_t"] = "byte", ["int16_t"] = "short",
            ["uint16_t"] = "ushort", ["int32_t"] = "int", ["uint32_t"] = "uint", ["int64_t"] = "long",
            ["uint64_t"] = "ulong", ["long"] = "long", ["unsigned long"] = "ulong", ["size_t"] = "nuint",
            ["uintptr_t"] = "nuint", ["intptr_t"] = "nint", ["bool"] = "bool", ["boolean"] = "bool",
            ["float"] = "float", ["double"] = "double", ["string"] = "string", ["seL4_Word"] = "nuint",
        };

        /// <summary>The C# type of ADL type <paramref name="adlType"/>, or null if the glue does not support it (structs).</summary>
        public static string? Map(string adlType) => Scalars.TryGetValue(adlType, out var type) ? type : null;

        /// <summary>The C# parameter declaration (with <c>out</c>/<c>ref</c>/<c>in</c>), or null when the type is unsupported.</summary>
        public static string? Parameter(GlueParameter parameter)
        {
            var type = Map(parameter.Type);
            if (type is null)
            {
                return null;
            }
            if (parameter.IsArray)
            {
                type += "[]";
            }
            var modifier = parameter.Direction switch
            {
                "out" => "out ",
                "inout" => "ref ",
                "refin" => "in ",
                _ => "",
            };
            return modifier + type + " " + Names.Parameter(parameter.Name);
        }

        /// <summary>The argument as passed on (<c>out x</c>, <c>ref x</c>, <c>in x</c>).</summary>
        public static string Argument(GlueParameter parameter) => parameter.Direction switch
        {
            "out" => "out " + Names.Parameter(parameter.Name),
            "inout" => "ref " + Names.Parameter(parameter.Name),
            "refin" => "in " + Names.Parameter(parameter.Name),
            _ => Names.Parameter(parameter.Name),
        };

        /// <summary>The C# return type, or null if unsupported.</summary>
        public static string? Return(string adlType) => adlType == "void" ? "void" : Map(adlType);
    }
}
