using CamkesVm.Adl.Diagnostics;
using CamkesVm.Adl.Model;
using CamkesVm.Adl.Text;

namespace CamkesVm.Adl.Semantics;

/// <summary>
/// Checks a value against a declared attribute type: integers for integer types, strings for string,
/// dicts for structs (fields checked recursively; a missing field needs a default), lists for arrays.
/// </summary>
internal sealed class ValueTypeChecker(DiagnosticBag diagnostics, SourceLocation location, string target)
{
    private static readonly HashSet<string> IntegerTypes = new(StringComparer.Ordinal)
    {
        "int", "unsigned int", "int64_t", "uint64_t", "char", "signed char", "unsigned char",
    };

    public void Check(AttributeDeclaration declaration, AdlValue value)
    {
        if (value is QueryValue)
        {
            return;
        }
        if (declaration.IsArray)
        {
            if (value is ListValue list)
            {
                list.Items.ToList().ForEach(item => CheckScalar(declaration, item));
            }
            else
            {
                diagnostics.ReportMistyped(location, target, declaration.TypeName + "[]", value);
            }
            return;
        }
        CheckScalar(declaration, value);
    }

    private void CheckScalar(AttributeDeclaration declaration, AdlValue value)
    {
        if (declaration.Struct is { } structure)
        {
            CheckStruct(structure, value);
            return;
        }
        var ok = declaration.TypeName switch
        {
            "string" => value is StringValue,
            "double" or "float" => value is FloatValue or IntValue,
            var type when IntegerTypes.Contains(type) => value is IntValue || (type == "char" && value is StringValue),
            _ => true,
        };
        if (!ok)
        {
            diagnostics.ReportMistyped(location, target, declaration.TypeName, value);
        }
    }

    private void CheckStruct(StructType structure, AdlValue value)
    {
        if (value is not DictValue dict)
        {
            diagnostics.ReportMistyped(location, target, structure.Name, value);
            return;
        }
        foreach (var field in structure.Fields)
        {
            if (dict[field.Name] is { } fieldValue)
            {
                Check(field, fieldValue);
            }
            else if (field.Default is null)
            {
                diagnostics.ReportMissingStructField(location, target, structure.Name, field.Name);
            }
        }
        foreach (var key in dict.Entries.Select(e => e.Key))
        {
            if (key is not StringValue name || structure.Fields.All(f => f.Name != name.Value))
            {
                diagnostics.ReportExtraStructField(location, target, structure.Name, key is StringValue s ? s.Value : key.ToString()!);
            }
        }
    }
}
