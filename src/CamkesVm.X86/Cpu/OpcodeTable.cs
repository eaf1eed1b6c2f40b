namespace CamkesVm.X86.Cpu;

/// <summary>
/// Decoding properties of the one- and two-byte opcode maps (Intel SDM Vol. 2, Appendix A, Tables A-2 and
/// whether a ModRM byte follows and which immediate. Index = opcode, or 0x100 | second byte for 0F xx.
/// </summary>
internal static class OpcodeTable
{
    public const byte ModRM = 1;
    public const byte ImmShift = 1;
    public const byte ImmNone = 0, ImmB = 1, ImmW = 2, ImmZ = 3, ImmFar = 4, ImmMoffs = 5, ImmWB = 6;

    public static readonly byte[] Info = Build();

    public static int Imm(byte info) => info >> ImmShift;

    private static byte[] Build()
    {
        var t = new byte[512];
        void Set(int op, bool modrm, int imm) => t[op] = (byte)((modrm ? ModRM : 0) | (imm << ImmShift));
        void Range(int from, int to, bool modrm, int imm) { for (int o = from; o <= to; o++) Set(o, modrm, imm); }

        for (int alu = 0; alu < 8; alu++)
        {
            int b = alu * 8;
            Range(b, b + 3, true, ImmNone);
            Set(b + 4, false, ImmB);
            Set(b + 5, false, ImmZ);
        }
        Set(0x62, true, ImmNone); Set(0x63, true, ImmNone);
        Set(0x68, false, ImmZ); Set(0x69, true, ImmZ); Set(0x6A, false, ImmB); Set(0x6B, true, ImmB);
        Range(0x70, 0x7F, false, ImmB);
        Set(0x80, true, ImmB); Set(0x81, true, ImmZ); Set(0x82, true, ImmB); Set(0x83, true, ImmB);
        Range(0x84, 0x8F, true, ImmNone);
        Set(0x9A, false, ImmFar);
        Range(0xA0, 0xA3, false, ImmMoffs);
        Set(0xA8, false, ImmB); Set(0xA9, false, ImmZ);
        Range(0xB0, 0xB7, false, ImmB); Range(0xB8, 0xBF, false, ImmZ);
        Set(0xC0, true, ImmB); Set(0xC1, true, ImmB); Set(0xC2, false, ImmW);
        Set(0xC4, true, ImmNone); Set(0xC5, true, ImmNone); Set(0xC6, true, ImmB); Set(0xC7, true, ImmZ);
        Set(0xC8, false, ImmWB); Set(0xCA, false, ImmW); Set(0xCD, false, ImmB);
        Range(0xD0, 0xD3, true, ImmNone); Set(0xD4, false, ImmB); Set(0xD5, false, ImmB);
        Range(0xD8, 0xDF, true, ImmNone);
        Range(0xE0, 0xE7, false, ImmB); Set(0xE8, false, ImmZ); Set(0xE9, false, ImmZ); Set(0xEA, false, ImmFar);
        Set(0xEB, false, ImmB);
        Set(0xF6, true, ImmNone); Set(0xF7, true, ImmNone); Set(0xFE, true, ImmNone); Set(0xFF, true, ImmNone);

        const int x = 0x100;
        Range(x + 0x00, x + 0x03, true, ImmNone);
        Range(x + 0x18, x + 0x1F, true, ImmNone);
        Range(x + 0x20, x + 0x23, true, ImmNone);
        Range(x + 0x40, x + 0x4F, true, ImmNone);
        Range(x + 0x80, x + 0x8F, false, ImmZ);
        Range(x + 0x90, x + 0x9F, true, ImmNone);
        Set(x + 0xA3, true, ImmNone); Set(x + 0xA4, true, ImmB); Set(x + 0xA5, true, ImmNone);
        Set(x + 0xAB, true, ImmNone); Set(x + 0xAC, true, ImmB); Set(x + 0xAD, true, ImmNone);
        Set(x + 0xAF, true, ImmNone);
        Range(x + 0xB0, x + 0xB7, true, ImmNone);
        Range(x + 0xB9, x + 0xBF, true, ImmNone);
        Set(x + 0xBA, true, ImmB);
        Set(x + 0xC0, true, ImmNone); Set(x + 0xC1, true, ImmNone); Set(x + 0xC7, true, ImmNone);
        return t;
    }
}
