using CamkesVm.X86.Cpu;

namespace CamkesVm.Machine.Hypercalls;

/// <summary>The registers of a hypercall (DESIGN.md, "Hypercalls"): token in EAX, arguments in EBX, ECX, EDX, ESI.</summary>
public readonly record struct HypercallArgs(uint Token, uint Arg0, uint Arg1, uint Arg2, uint Arg3);

/// <summary>
/// Hypercall dispatch for one VM (the seed's <c>reg_new_handler(&amp;vmm, handler, token)</c>). A guest's
/// <c>vmcall</c>/<c>vmmcall</c> runs the handler registered for its token; the handler's result goes to EAX.
/// An unknown token returns −KVM_ENOSYS (−1000) to the guest, as KVM does, and is logged once per token.
/// </summary>
public sealed class HypercallTable
{
    /// <summary>What an unknown token returns (Linux include/uapi/linux/kvm_para.h: KVM_ENOSYS = 1000).</summary>
    public const uint UnknownToken = unchecked((uint)-1000);

    private readonly Dictionary<uint, Func<HypercallArgs, uint>> _handlers = [];
    private readonly HashSet<uint> _reported = [];

    /// <summary>Where unknown tokens are reported.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Registers <paramref name="handler"/> for <paramref name="token"/>; a token has one handler.</summary>
    public void Register(uint token, Func<HypercallArgs, uint> handler)
    {
        if (!_handlers.TryAdd(token, handler))
            throw new InvalidOperationException($"hypercall token {token} already has a handler");
    }

    /// <summary>True when <paramref name="token"/> already has a handler.</summary>
    public bool IsRegistered(uint token) => _handlers.ContainsKey(token);

    /// <summary>Runs the handler for the hypercall the CPU just exited with and puts its result in EAX.</summary>
    public void Dispatch(Cpu cpu)
    {
        var args = new HypercallArgs(cpu.Eax, cpu.Ebx, cpu.Ecx, cpu.Edx, cpu.Esi);
        if (_handlers.TryGetValue(args.Token, out var handler))
        {
            cpu.Eax = handler(args);
            return;
        }
        if (_reported.Add(args.Token))
            Log?.Invoke($"hypercall: unknown token {args.Token} (ebx=0x{args.Arg0:x} ecx=0x{args.Arg1:x}) at eip 0x{cpu.Eip:x8}: returned -KVM_ENOSYS");
        cpu.Eax = UnknownToken;
    }
}
