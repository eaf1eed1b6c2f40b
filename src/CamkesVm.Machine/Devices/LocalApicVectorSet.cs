using System.Numerics;

namespace CamkesVm.Machine.Devices;

/// <summary>One of the local APIC's 256-bit vector registers (ISR, TMR, IRR: Intel SDM Vol. 3A §11.8.4),
/// read by the CPU as eight 32-bit words at 16-byte strides.</summary>
internal sealed class LocalApicVectorSet
{
    private readonly uint[] _words = new uint[8];

    public uint Word(int index) => _words[index];

    public bool Contains(int vector) => (_words[vector >> 5] & (1u << (vector & 31))) != 0;

    public void Add(int vector) => _words[vector >> 5] |= 1u << (vector & 31);

    public void Remove(int vector) => _words[vector >> 5] &= ~(1u << (vector & 31));

    public void Set(int vector, bool value)
    {
        if (value) Add(vector); else Remove(vector);
    }

    /// <summary>The highest vector in the set, or -1 when it is empty.</summary>
    public int Highest()
    {
        for (int i = 7; i >= 0; i--)
            if (_words[i] != 0) return i * 32 + 31 - BitOperations.LeadingZeroCount(_words[i]);
        return -1;
    }
}
