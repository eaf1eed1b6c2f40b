using CamkesVm.X86.Cpu;
using CamkesVm.X86.Tests.Support;

namespace CamkesVm.X86.Tests.Instructions;

/// <summary>
/// DAA DAS AAA AAS AAM AAD, which do not exist in 64-bit mode: expectations are the SDM Vol. 2 pseudocode
/// of each instruction, written out below, for every AL with every AF/CF input and several AH values.
/// Undefined flags (SDM "Flags Affected") are masked: OF for DAA/DAS; OF SF ZF PF for AAA/AAS;
/// OF AF CF for AAM/AAD.
/// </summary>
public class BcdTests
{
    private record struct Bcd(uint Ax, bool Cf, bool Af);

    // SDM "DAA": old_AL ← AL; old_CF ← CF; CF ← 0; IF (AL AND 0FH) > 9 or AF = 1 THEN AL ← AL + 6;
    // CF ← old_CF or carry; AF ← 1 ELSE AF ← 0; IF old_AL > 99H or old_CF = 1 THEN AL ← AL + 60H; CF ← 1 ELSE CF ← 0.
    private static Bcd Daa(Bcd s)
    {
        uint al = s.Ax & 0xFF, oldAl = al;
        bool cf = false, af;
        if ((al & 0xF) > 9 || s.Af) { cf = s.Cf || al + 6 > 0xFF; al = (al + 6) & 0xFF; af = true; }
        else af = false;
        if (oldAl > 0x99 || s.Cf) { al = (al + 0x60) & 0xFF; cf = true; }
        else cf = false;
        return new((s.Ax & 0xFF00) | al, cf, af);
    }

    // SDM "DAS": as DAA with subtraction; the second step has no ELSE (CF keeps the first step's value).
    private static Bcd Das(Bcd s)
    {
        uint al = s.Ax & 0xFF, oldAl = al;
        bool cf = false, af;
        if ((al & 0xF) > 9 || s.Af) { cf = s.Cf || al < 6; al = (al - 6) & 0xFF; af = true; }
        else af = false;
        if (oldAl > 0x99 || s.Cf) { al = (al - 0x60) & 0xFF; cf = true; }
        return new((s.Ax & 0xFF00) | al, cf, af);
    }

    // SDM "AAA": IF (AL AND 0FH) > 9 or AF = 1 THEN AX ← AX + 106H; AF ← CF ← 1 ELSE AF ← CF ← 0; AL ← AL AND 0FH.
    private static Bcd Aaa(Bcd s)
    {
        uint ax = s.Ax & 0xFFFF;
        bool adjust = (ax & 0xF) > 9 || s.Af;
        if (adjust) ax = (ax + 0x106) & 0xFFFF;
        return new(ax & 0xFF0F, adjust, adjust);
    }

    // SDM "AAS": IF (AL AND 0FH) > 9 or AF = 1 THEN AX ← AX – 6; AH ← AH – 1; AF ← CF ← 1 ELSE CF ← AF ← 0; AL ← AL AND 0FH.
    private static Bcd Aas(Bcd s)
    {
        uint ax = s.Ax & 0xFFFF;
        bool adjust = (ax & 0xF) > 9 || s.Af;
        if (adjust)
        {
            ax = (ax - 6) & 0xFFFF;
            ax = (ax - 0x100) & 0xFFFF;
        }
        return new(ax & 0xFF0F, adjust, adjust);
    }

    private static uint ResultFlags(uint al)
    {
        uint f = 0;
        if ((al & 0xFF) == 0) f |= Flags.ZF;
        if ((al & 0x80) != 0) f |= Flags.SF;
        if ((System.Numerics.BitOperations.PopCount(al & 0xFF) & 1) == 0) f |= Flags.PF;
        return f;
    }

    public static TheoryData<string> Adjusts => new() { "Daa", "Das", "Aaa", "Aas" };

    [Theory, MemberData(nameof(Adjusts))]
    public void Adjust_after_add_or_subtract_follows_sdm_pseudocode(string op)
    {
        (byte opcode, Func<Bcd, Bcd> reference, uint defined) = op switch
        {
            "Daa" => ((byte)0x27, (Func<Bcd, Bcd>)Daa, Sdm.StatusFlags & ~Flags.OF),
            "Das" => ((byte)0x2F, Das, Sdm.StatusFlags & ~Flags.OF),
            "Aaa" => ((byte)0x37, Aaa, Flags.AF | Flags.CF),
            _ => ((byte)0x3F, Aas, Flags.AF | Flags.CF),
        };
        using var runner = new GuestRunner();
        var failures = new List<string>();
        foreach (uint ah in new uint[] { 0x00, 0x01, 0x7F, 0xFF })
            for (uint al = 0; al < 256; al++)
                for (int fl = 0; fl < 4; fl++)
                {
                    var input = new Bcd((ah << 8) | al, (fl & 1) != 0, (fl & 2) != 0);
                    var expect = reference(input);
                    uint eflags = (input.Cf ? Flags.CF : 0) | (input.Af ? Flags.AF : 0);
                    var c = new CpuCase([opcode], [0xABCD_0000 | input.Ax, 0, 0, 0, 0, 0, 0], eflags, defined);
                    var got = runner.Execute(c);
                    uint expFlags = (expect.Cf ? Flags.CF : 0) | (expect.Af ? Flags.AF : 0) | ResultFlags(expect.Ax);
                    if (got.Regs[0] != (0xABCD_0000 | expect.Ax) || ((got.Eflags ^ expFlags) & defined) != 0)
                        failures.Add($"{op} AX={input.Ax:X4} CF={input.Cf} AF={input.Af}: got AX={got.Regs[0] & 0xFFFF:X4} fl={got.Eflags & defined:X}, SDM says AX={expect.Ax:X4} fl={expFlags & defined:X}");
                }
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(12)));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(16)]
    [InlineData(7)]
    [InlineData(1)]
    [InlineData(255)]
    public void Aam_and_aad_follow_sdm_pseudocode(int imm)
    {
        // SDM "AAM": AH ← AL / imm8; AL ← AL MOD imm8. "AAD": AL ← (AL + AH × imm8) AND FFH; AH ← 0.
        // SF ZF PF from AL; OF AF CF undefined.
        using var runner = new GuestRunner();
        const uint defined = Flags.SF | Flags.ZF | Flags.PF;
        for (uint ax = 0; ax < 0x10000; ax += 0x0101 * 3 + 1)
        {
            uint al = ax & 0xFF, ah = ax >> 8;
            var aam = runner.Execute(new CpuCase([0xD4, (byte)imm], [0x1234_0000 | ax, 0, 0, 0, 0, 0, 0], 0, defined));
            uint aamAx = ((al / (uint)imm) << 8) | (al % (uint)imm);
            Assert.Equal(0x1234_0000 | aamAx, aam.Regs[0]);
            Assert.Equal(ResultFlags(aamAx), aam.Eflags & defined);
            var aad = runner.Execute(new CpuCase([0xD5, (byte)imm], [0x1234_0000 | ax, 0, 0, 0, 0, 0, 0], 0, defined));
            uint aadAl = (al + ah * (uint)imm) & 0xFF;
            Assert.Equal(0x1234_0000 | aadAl, aad.Regs[0]);
            Assert.Equal(ResultFlags(aadAl), aad.Eflags & defined);
        }
    }

    [Fact]
    public void Aam_with_zero_raises_divide_error()
    {
        // SDM "AAM": IF imm8 = 0 THEN #DE.
        using var runner = new GuestRunner();
        Assert.Equal("#DE", runner.Execute(new CpuCase([0xD4, 0], [0x55, 0, 0, 0, 0, 0, 0], 0, 0)).Exception);
    }
}
