using System.Text;

namespace CamkesVm.Machine.Tests.Acpi;

/// <summary>
/// A decoder for the subset of the AML grammar (ACPI 6.x §20.2) a DSDT of named data objects uses:
/// DefName (NameOp NameString DataRefObject), with integers (ZeroOp, OneOp, OnesOp, Byte/Word/DWord/QWord
/// prefixes) and packages (PackageOp PkgLength NumElements PackageElementList). Anything else is an error.
/// </summary>
internal sealed class AmlDecoder(byte[] aml)
{
    private int _pos;

    /// <summary>Decodes a TermList to its end: name → value (ulong or List&lt;object&gt;).</summary>
    public Dictionary<string, object> DecodeTermList()
    {
        var names = new Dictionary<string, object>();
        while (_pos < aml.Length)
        {
            byte op = aml[_pos++];
            if (op != 0x08) throw new FormatException($"unsupported AML opcode 0x{op:x2} at {_pos - 1}");
            string name = NameString();
            names[name] = DataRefObject();
        }
        return names;
    }

    private string NameString()
    {
        var sb = new StringBuilder();
        while (aml[_pos] is (byte)'\\' or (byte)'^') sb.Append((char)aml[_pos++]);
        int segments = aml[_pos] switch
        {
            0x00 => 0,
            0x2E => 2,
            0x2F => aml[++_pos],
            _ => 1,
        };
        if (aml[_pos] is 0x00 or 0x2E) _pos++;
        for (int s = 0; s < segments; s++)
        {
            if (s > 0) sb.Append('.');
            for (int i = 0; i < 4; i++)
            {
                char c = (char)aml[_pos++];
                bool ok = c == '_' || c is >= 'A' and <= 'Z' || (i > 0 && c is >= '0' and <= '9');
                if (!ok) throw new FormatException($"'{c}' is not a NameSeg character");
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private object DataRefObject()
    {
        byte op = aml[_pos++];
        switch (op)
        {
            case 0x00: return 0UL;
            case 0x01: return 1UL;
            case 0xFF: return ulong.MaxValue;
            case 0x0A: return (ulong)aml[_pos++];
            case 0x0B: return Fixed(2);
            case 0x0C: return Fixed(4);
            case 0x0E: return Fixed(8);
            case 0x12: return Package();
            default: throw new FormatException($"unsupported data object opcode 0x{op:x2}");
        }
    }

    private ulong Fixed(int bytes)
    {
        ulong v = 0;
        for (int i = 0; i < bytes; i++) v |= (ulong)aml[_pos++] << (8 * i);
        return v;
    }

    private List<object> Package()
    {
        int start = _pos;
        int length = PkgLength();
        int end = start + length;
        int count = aml[_pos++];
        var elements = new List<object>();
        while (_pos < end) elements.Add(DataRefObject());
        if (_pos != end) throw new FormatException($"package elements end at {_pos}, PkgLength says {end}");
        if (elements.Count > count) throw new FormatException($"{elements.Count} elements for NumElements {count}");
        return elements;
    }

    /// <summary>PkgLength (§20.2.4): bits 7:6 of the lead byte count the following bytes.</summary>
    private int PkgLength()
    {
        byte lead = aml[_pos++];
        int follow = lead >> 6;
        if (follow == 0) return lead & 0x3F;
        int length = lead & 0x0F;
        for (int i = 0; i < follow; i++) length |= aml[_pos++] << (4 + 8 * i);
        return length;
    }
}
