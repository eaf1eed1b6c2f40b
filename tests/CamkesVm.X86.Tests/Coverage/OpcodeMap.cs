using CamkesVm.X86.Tests.Support;
using Iced.Intel;

namespace CamkesVm.X86.Tests.Coverage;

/// <summary>
/// One cell of the opcode maps (Intel SDM Vol. 2, Appendix A): the bytes that select it ("81 /5", "0F A2",
/// "D9 E0") and the mnemonics Iced decodes there in 32-bit mode (a register and a memory ModRM form).
/// <see cref="Bytes"/> is a complete instruction of that cell, used to execute it.
/// </summary>
public sealed record OpcodeSlot(string Name, Mnemonic[] Mnemonics, byte[] Bytes)
{
    public override string ToString() => $"{Name} ({string.Join('/', Mnemonics)})";
}

/// <summary>
/// Walks the one-byte map (Table A-2) and the 0F two-byte map (Table A-3). Prefix bytes and the 0F escape are
/// not cells. Group opcodes (Table A-6) are split by ModRM.reg; the x87 escapes D8–DF (Tables) and
/// 0F 01 also by every register-form ModRM byte, where each is a different instruction.
/// </summary>
public static class OpcodeMap
{
    private static readonly HashSet<int> Prefixes = [0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3, 0x0F];

    private static readonly HashSet<int> OneByteGroups = [0x80, 0x81, 0x82, 0x83, 0x8F, 0xC0, 0xC1, 0xC6, 0xC7, 0xD0, 0xD1, 0xD2, 0xD3, 0xF6, 0xF7, 0xFE, 0xFF];

    private static readonly HashSet<int> TwoByteGroups = [0x00, 0x01, 0x18, 0x71, 0x72, 0x73, 0xAE, 0xB9, 0xBA, 0xC7];

    public static IReadOnlyList<OpcodeSlot> All { get; } = Build();

    private static List<OpcodeSlot> Build()
    {
        var slots = new List<OpcodeSlot>();
        for (int op = 0; op < 256; op++)
        {
            if (Prefixes.Contains(op)) continue;
            if (op is >= 0xD8 and <= 0xDF) AddEscape(slots, [(byte)op], $"{op:X2}");
            else if (OneByteGroups.Contains(op)) AddGroup(slots, [(byte)op], $"{op:X2}");
            else slots.Add(Slot($"{op:X2}", [(byte)op]));
        }
        for (int op = 0; op < 256; op++)
        {
            byte[] head = [0x0F, (byte)op];
            if (op == 0x01) AddEscape(slots, head, $"0F {op:X2}");
            else if (TwoByteGroups.Contains(op)) AddGroup(slots, head, $"0F {op:X2}");
            else slots.Add(Slot($"0F {op:X2}", head));
        }
        return slots;
    }

    private static void AddGroup(List<OpcodeSlot> slots, byte[] head, string name)
    {
        for (int reg = 0; reg < 8; reg++) slots.Add(Slot($"{name} /{reg}", head, reg));
    }

    /// <summary>Memory forms by ModRM.reg, then each of the 64 register-form ModRM bytes.</summary>
    private static void AddEscape(List<OpcodeSlot> slots, byte[] head, string name)
    {
        for (int reg = 0; reg < 8; reg++) slots.Add(Slot($"{name} /{reg}m", head, reg, memoryOnly: true));
        for (int modrm = 0xC0; modrm <= 0xFF; modrm++) slots.Add(Slot($"{name} {modrm:X2}", [.. head, (byte)modrm], exact: true));
    }

    /// <summary>Decodes the cell with a memory ModRM ([EAX]) and a register ModRM (EAX/AL) and collects the mnemonics.</summary>
    private static OpcodeSlot Slot(string name, byte[] head, int reg = 0, bool memoryOnly = false, bool exact = false)
    {
        var forms = new List<byte[]>();
        if (exact) forms.Add(head);                       // "D9 E0": the ModRM byte is part of the cell
        else
        {
            forms.Add([.. head, (byte)(reg << 3)]);
            if (!memoryOnly) forms.Add([.. head, (byte)(0xC0 | reg << 3)]);
        }
        var mnemonics = new SortedSet<Mnemonic>();
        byte[]? first = null;
        foreach (var form in forms)
        {
            var insn = Decode(form, out int length);
            if (insn.Mnemonic == Mnemonic.INVALID) continue;
            mnemonics.Add(insn.Mnemonic);
            first ??= [.. form.Take(length), .. new byte[Math.Max(0, length - form.Length)]];
        }
        return new OpcodeSlot(name, [.. mnemonics], first ?? [.. forms[0]]);
    }

    private static Instruction Decode(byte[] bytes, out int length)
    {
        var insn = Disassembly.Decode(bytes);
        length = insn.Length;
        return insn;
    }
}
