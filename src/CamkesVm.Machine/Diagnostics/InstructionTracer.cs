using System.Text;
using CamkesVm.X86.Cpu;
using Iced.Intel;

namespace CamkesVm.Machine.Diagnostics;

/// <summary>
/// Prints each instruction before it executes: <c>CS:EIP  bytes  disassembly</c> (Iced, Intel syntax), and
/// optionally the registers in the layout of <c>qemu -d cpu</c> so traces can be compared line by line with
/// Debian's qemu-system-i386 (<c>-d exec,cpu -singlestep</c>) to find the first divergence.
/// </summary>
public sealed class InstructionTracer(Cpu cpu, TextWriter output, bool registers)
{
    private readonly byte[] _bytes = new byte[15];
    private readonly IntelFormatter _formatter = new();
    private readonly StringOutput _text = new();

    /// <summary>Writes the line for the instruction at CS:EIP.</summary>
    public void TraceNext()
    {
        var cs = cpu.GetSegment(SegReg.CS);
        uint linear = cs.Base + cpu.Eip;
        int n = ReadCode(linear);
        var line = new StringBuilder();
        line.Append($"{cs.Selector:x4}:{cpu.Eip:x8}  ");
        if (n == 0) line.Append("<code not mapped>");
        else
        {
            var decoder = Iced.Intel.Decoder.Create(cs.Big ? 32 : 16, new ByteArrayCodeReader(_bytes, 0, n), cpu.Eip);
            var insn = decoder.Decode();
            for (int i = 0; i < insn.Length; i++) line.Append($"{_bytes[i]:x2}");
            line.Append(' ', Math.Max(1, 32 - 2 * insn.Length));
            _formatter.Format(insn, _text);
            line.Append(_text.ToStringAndReset());
        }
        output.WriteLine(line.ToString());
        if (registers) output.WriteLine(RegisterLine(cpu));
    }

    /// <summary>The register line: EAX..EDI, EIP, EFL, CPL.</summary>
    public static string RegisterLine(Cpu cpu) =>
        $"EAX={cpu.Eax:x8} EBX={cpu.Ebx:x8} ECX={cpu.Ecx:x8} EDX={cpu.Edx:x8} ESI={cpu.Esi:x8} EDI={cpu.Edi:x8} " +
        $"EBP={cpu.Ebp:x8} ESP={cpu.Esp:x8} EIP={cpu.Eip:x8} EFL={cpu.Eflags:x8} CPL={cpu.Cpl}";

    private int ReadCode(uint linear)
    {
        for (int i = 0; i < _bytes.Length; i++)
        {
            uint? phys = cpu.PagingEnabled ? cpu.TryTranslate(linear + (uint)i) : linear + (uint)i;
            if (phys is not { } p) return i;
            _bytes[i] = cpu.Memory.ReadByte(p);
        }
        return _bytes.Length;
    }
}
