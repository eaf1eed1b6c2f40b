using System.Diagnostics;
using CamkesVm.X86.Cpu;
using CamkesVm.X86.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace CamkesVm.Bench;

/// <summary>
/// Interpreter speed in MIPS (million guest instructions per second) for (a) a register-only loop and
/// (b) a load/store loop with paging enabled, in flat 32-bit protected mode. Targets (issue 2):
/// (a) ≥ 300 MIPS, (b) ≥ 200 MIPS. Usage: <c>cpu [seconds-per-run] [runs]</c>; prints the median.
/// Besides wall-clock MIPS it prints MIPS per second of process CPU time, which stays meaningful when
/// other jobs share the machine's cores (the wall figure then drops, the CPU-time figure does not).
/// </summary>
internal static class CpuBenchmark
{
    private const uint Code = 0x10_0000, Data = 0x20_0000, PageDir = 0x1000, PageTables = 0x2000;

    public static int Run(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1.0;
        int runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        Report("register loop", RegisterLoop(), paging: false, seconds, runs);
        Report("load/store loop, paging on", LoadStoreLoop(), paging: true, seconds, runs);
        return 0;
    }

    private static Assembler RegisterLoop()
    {
        var a = new Assembler(32);
        var top = a.CreateLabel();
        a.Label(ref top);
        a.add(eax, ebx);
        a.xor(edx, eax);
        a.inc(ebx);
        a.sub(esi, 3);
        a.and(edi, edx);
        a.or(edi, ecx);
        a.dec(ecx);
        a.jmp(top);
        return a;
    }

    private static Assembler LoadStoreLoop()
    {
        var a = new Assembler(32);
        var top = a.CreateLabel();
        a.mov(esi, Data);
        a.Label(ref top);
        a.mov(eax, __dword_ptr[esi]);
        a.add(eax, ecx);
        a.mov(__dword_ptr[esi + 4], eax);
        a.mov(edx, __dword_ptr[esi + 8]);
        a.mov(__dword_ptr[esi + 12], edx);
        a.push(eax);
        a.pop(ebx);
        a.inc(ecx);
        a.jmp(top);
        return a;
    }

    private static void Report(string name, Assembler program, bool paging, double seconds, int runs)
    {
        var wall = new List<double>();
        var cpu = new List<double>();
        for (int r = 0; r < runs + 1; r++)
        {
            var (w, c) = Measure(program, paging, seconds);
            if (r == 0) continue;     // first run warms up the JIT
            wall.Add(w);
            cpu.Add(c);
        }
        wall.Sort();
        cpu.Sort();
        Console.WriteLine($"{name,-30} median {wall[wall.Count / 2],7:F1} MIPS wall, {cpu[cpu.Count / 2],7:F1} MIPS per CPU-second"
            + $"  (wall min {wall[0]:F1}, max {wall[^1]:F1}, {runs} runs)");
    }

    private static (double Wall, double Cpu) Measure(Assembler program, bool paging, double seconds)
    {
        using var mem = new PhysicalMemory(16 << 20);
        using var cpu = new Cpu(mem);
        var writer = new BytesWriter();
        program.Assemble(writer, Code);
        mem.Write(Code, writer.Bytes.ToArray());
        EnterFlatProtectedMode(cpu, paging, mem);
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        long executed = 0;
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            cpu.Run(5_000_000);
            executed += 5_000_000;
        }
        double wall = sw.Elapsed.TotalSeconds;
        process.Refresh();
        double used = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        return (executed / wall / 1e6, executed / used / 1e6);
    }

    private static void EnterFlatProtectedMode(Cpu cpu, bool paging, PhysicalMemory mem)
    {
        cpu.Cr0 = CrBits.PE | CrBits.ET;
        cpu.SetSegment(SegReg.CS, 0x08, 0, 0xFFFF_FFFF, 0xC09B);
        foreach (var s in new[] { SegReg.DS, SegReg.ES, SegReg.SS, SegReg.FS, SegReg.GS })
            cpu.SetSegment(s, 0x10, 0, 0xFFFF_FFFF, 0xC093);
        cpu.Esp = 0x8000;
        cpu.Eip = Code;
        if (!paging) return;
        for (uint t = 0; t < 4; t++)                        // identity-map the first 16 MiB with 4 KiB pages
        {
            mem.WriteUInt32(PageDir + t * 4, (PageTables + t * 0x1000) | 3);
            for (uint p = 0; p < 1024; p++)
                mem.WriteUInt32(PageTables + t * 0x1000 + p * 4, ((t * 1024 + p) << 12) | 3);
        }
        cpu.Cr3 = PageDir;
        cpu.Cr0 = CrBits.PE | CrBits.ET | CrBits.PG;
    }

    private sealed class BytesWriter : CodeWriter
    {
        public readonly List<byte> Bytes = [];
        public override void WriteByte(byte value) => Bytes.Add(value);
    }
}
