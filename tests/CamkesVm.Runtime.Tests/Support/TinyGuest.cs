using CamkesVm.Machine.Boot;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.Runtime.Tests.Support;

/// <summary>
/// A hand-assembled Multiboot kernel (a.out kludge, Multiboot 0.6.96 §3.1.3) for VM tests: the body runs in flat
/// protected mode with a stack, may install interrupt handlers (an IDT in the image, Intel SDM Vol. 3A 6.11), and
/// ends the run through isa-debug-exit (port 0xF4).
/// </summary>
internal sealed class TinyGuest
{
    public const uint Load = 0x100000;
    public const uint Stack = 0x600000;
    private const int IdtrOffset = 0x1F00, IdtOffset = 0x2000, ImageSize = IdtOffset + 256 * 8;
    private const ushort CodeSelector = FlatProtectedMode.CodeSelector;

    private readonly List<(int Vector, Label Handler)> _handlers = [];

    public Assembler A { get; } = new(32);

    /// <summary>The vector's handler is the code at <paramref name="handler"/> (a 32-bit interrupt gate).</summary>
    public void Handle(int vector, Label handler) => _handlers.Add((vector, handler));

    /// <summary>Writes <paramref name="status"/> to isa-debug-exit (the run ends with status*2+1), then halts.</summary>
    public void Exit(byte status)
    {
        A.mov(dx, 0xF4);
        A.mov(al, status);
        A.@out(dx, al);
        A.hlt();
    }

    /// <summary>vmcall with EAX=token, EBX, ECX, EDX, ESI; the result is stored at <paramref name="result"/>.</summary>
    public void Hypercall(uint token, uint arg0, uint arg1, uint arg2, uint arg3, uint result)
    {
        A.mov(eax, (int)token);
        A.mov(ebx, (int)arg0);
        A.mov(ecx, (int)arg1);
        A.mov(edx, (int)arg2);
        A.mov(esi, (int)arg3);
        A.vmcall();
        A.mov(__dword_ptr[(int)result], eax);
    }

    /// <summary>The kernel: Multiboot header, stack and IDT set-up, then <paramref name="body"/>.</summary>
    public static BootFile Build(Action<TinyGuest> body)
    {
        var g = new TinyGuest();
        var a = g.A;
        const uint flags = 0x0001_0003;
        a.dd(MultibootLoader.HeaderMagic, flags, unchecked(0u - MultibootLoader.HeaderMagic - flags));
        a.dd(Load, Load);                                     // header_addr, load_addr
        a.dd(Load + ImageSize, 0, Load + 0x20);               // load_end, bss_end, entry
        for (int i = 0; i < 8; i++) a.nop();
        a.mov(esp, (int)Stack);
        a.lidt(__fword_ptr[(int)(Load + IdtrOffset)]);
        body(g);
        var writer = new Bytes();
        var result = a.Assemble(writer, Load, BlockEncoderOptions.ReturnNewInstructionOffsets);
        if (writer.Data.Count > IdtrOffset) throw new InvalidOperationException("test guest code too long");
        var image = new byte[ImageSize];
        writer.Data.CopyTo(image);
        BitConverter.TryWriteBytes(image.AsSpan(IdtrOffset), (ushort)(256 * 8 - 1));
        BitConverter.TryWriteBytes(image.AsSpan(IdtrOffset + 2), Load + IdtOffset);
        foreach (var (vector, label) in g._handlers)
        {
            uint offset = (uint)result.GetLabelRIP(label);
            var gate = image.AsSpan(IdtOffset + vector * 8, 8);
            BitConverter.TryWriteBytes(gate, (ushort)offset);
            BitConverter.TryWriteBytes(gate[2..], CodeSelector);
            BitConverter.TryWriteBytes(gate[4..], (ushort)0x8E00);          // present, DPL 0, 32-bit interrupt gate
            BitConverter.TryWriteBytes(gate[6..], (ushort)(offset >> 16));
        }
        return new BootFile("tiny-guest", image);
    }

    private sealed class Bytes : CodeWriter
    {
        public readonly List<byte> Data = [];

        public override void WriteByte(byte value) => Data.Add(value);
    }
}
