using System.Runtime.InteropServices;
using CamkesVm.X86.Cpu;
using CamkesVm.X86.Memory;
using CamkesVm.X86.Tests.Support;

namespace CamkesVm.X86.Tests.Robustness;

/// <summary>
/// Random byte streams run at CPL0 and CPL3, with paging off and on: whatever the guest does, the CPU only
/// raises guest exceptions or exits — it never throws on the host, and never touches host memory outside the
/// pages mapped into the guest. A host page with guard pages on both sides is mapped just past RAM and the
/// registers point at its edges, so page-crossing accesses that escaped a page would hit the canaries.
/// </summary>
public sealed unsafe class RandomCodeTests : IDisposable
{
    private const uint RamBytes = 4 << 20;
    private const uint GuardedPage = RamBytes;          // guest-physical address of the guarded host page
    private const byte Canary = 0xC5;
    private readonly byte* _block;                       // guard | mapped page | guard

    public RandomCodeTests()
    {
        _block = (byte*)NativeMemory.AlignedAlloc(3 * 4096, 4096);
        new Span<byte>(_block, 3 * 4096).Fill(Canary);
    }

    public void Dispose() => NativeMemory.AlignedFree(_block);

    private sealed class CountingMmio : IMmioHandler
    {
        public long Accesses;
        public uint Read(uint address, int size) { Accesses++; return 0xFFFF_FFFF >> (32 - size * 8); }
        public void Write(uint address, uint value, int size) => Accesses++;
    }

    [Theory]
    [InlineData(0, false, 1)]
    [InlineData(3, false, 2)]
    [InlineData(0, true, 3)]
    [InlineData(3, true, 4)]
    public void Random_code_raises_only_guest_exceptions(int cpl, bool paging, int seed)
    {
        // CAMKESVM_FUZZ_STREAMS / CAMKESVM_FUZZ_SEED run a longer or different campaign (a fuzz run outside CI).
        int streams = int.TryParse(Environment.GetEnvironmentVariable("CAMKESVM_FUZZ_STREAMS"), out var n) ? n : 800;
        if (int.TryParse(Environment.GetEnvironmentVariable("CAMKESVM_FUZZ_SEED"), out var extra)) seed += extra * 16;
        var rng = new Random(seed);
        var mmio = new CountingMmio();
        using var m = new TestMachine(RamBytes);
        m.Memory.Mmio = mmio;
        m.Memory.MapHost(GuardedPage, _block + 4096, 4096);
        var exits = new Dictionary<ExitReason, int>();
        // CAMKESVM_FUZZ_LOG=file writes each stream before it runs, to find one that crashes the host.
        string? logPath = Environment.GetEnvironmentVariable("CAMKESVM_FUZZ_LOG");
        using var log = logPath == null ? null : new StreamWriter($"{logPath}.{seed}");
        for (int run = 0; run < streams; run++)
        {
            var code = new byte[48];
            rng.NextBytes(code);
            if (rng.Next(3) == 0) code[0] = 0x0F;                 // reach the two-byte map often
            Prepare(m, cpl, paging, code, rng);
            if (log != null)
            {
                log.WriteLine($"{seed} {run} cpl{cpl} paging={paging} {Convert.ToHexString(code)} eax={m.Cpu.Eax:X} ecx={m.Cpu.Ecx:X} edx={m.Cpu.Edx:X} ebx={m.Cpu.Ebx:X} esp={m.Cpu.Esp:X} ebp={m.Cpu.Ebp:X} esi={m.Cpu.Esi:X} edi={m.Cpu.Edi:X} fl={m.Cpu.Eflags:X}");
                log.Flush();
            }
            ExitReason exit;
            try
            {
                exit = m.Cpu.Run(300);
            }
            catch (Exception e)
            {
                Assert.Fail($"host exception {e.GetType().Name} for code {Convert.ToHexString(code)} (cpl {cpl}, paging {paging}): {e}");
                return;
            }
            exits[exit] = exits.GetValueOrDefault(exit) + 1;
        }
        var guards = new ReadOnlySpan<byte>(_block, 4096).ToArray().Concat(new ReadOnlySpan<byte>(_block + 8192, 4096).ToArray());
        Assert.All(guards, b => Assert.Equal(Canary, b));
        Assert.True(exits.Count > 1, $"random code should end in different ways, saw only {string.Join(", ", exits)}");
    }

    private static void Prepare(TestMachine m, int cpl, bool paging, byte[] code, Random rng)
    {
        m.Memory.RamSpan[..0x20000].Clear();
        m.Cpu.Reset();
        m.EnterProtectedMode();
        m.InstallExceptionRecorder();
        m.LoadTss(0x9000);
        if (paging)
        {
            // 4 MiB pages over 0–8 MiB (RAM and the guarded page), user-accessible and writable
            m.Memory.WriteUInt32(0x10000, 0x0000_0000 | 0x87);
            m.Memory.WriteUInt32(0x10004, 0x0040_0000 | 0x87);
            m.Cpu.Cr4 = CrBits.PSE;
            m.Cpu.Cr3 = 0x10000;
            m.Cpu.Cr0 |= CrBits.PG;
        }
        m.Memory.Write(TestMachine.CodeBase, code);
        if (cpl == 3) m.EnterUserSegments();
        uint[] interesting = [GuardedPage - 2, GuardedPage + 0xFFE, GuardedPage + 0xFFD, GuardedPage + 1, 0x1000, 0, 0xFFFF_FFFF, RamBytes - 1];
        foreach (var r in new[] { Reg32.EAX, Reg32.ECX, Reg32.EDX, Reg32.EBX, Reg32.EBP, Reg32.ESI, Reg32.EDI })
            m.Cpu[r] = rng.Next(3) == 0 ? Values.Random32(rng) : interesting[rng.Next(interesting.Length)];
        m.Cpu.Esp = rng.Next(4) == 0 ? GuardedPage + 0x1002 : TestMachine.StackTop;
        m.Cpu.Eflags = (Values.Random32(rng) & (Flags.Arith | Flags.DF)) | (rng.Next(2) == 0 ? Flags.IF : 0);
        m.Cpu.Eip = TestMachine.CodeBase;
    }
}
