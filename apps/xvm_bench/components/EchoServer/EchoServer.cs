using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using CamkesVm.Runtime.Components;

namespace XvmBench;

/// <summary>
/// The native side of linux/pkg/camkes_bench: answers every request event with a reply event. The control dataport
/// holds little-endian 32-bit words: [0] command (1 = ping, 2 = check the bulk chunk), [1] chunk length, [2] the
/// request's sequence number; the server writes [3] = the sequence number it answered and, for a check, [4] = the
/// 32-bit sum of the chunk's words, and then complements every word of the chunk for the guest to read back.
/// Nothing here allocates, so a round trip costs only the connector path.
/// </summary>
[CamkesComponent("EchoServer")]
public partial class EchoServer : NativeComponent
{
    private const int CommandCheck = 2;
    private const int WordCommand = 0, WordLength = 4, WordSequence = 8, WordAnswered = 12, WordSum = 16;

    public override int Run()
    {
        while (true)
        {
            Request.Wait();
            var control = ControlPage;
            if (BinaryPrimitives.ReadUInt32LittleEndian(control[WordCommand..]) == CommandCheck)
            {
                int length = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(control[WordLength..]), (uint)Bulk.Length);
                var words = MemoryMarshal.Cast<byte, uint>(Bulk[..(length & ~3)]);
                BinaryPrimitives.WriteUInt32LittleEndian(control[WordSum..], SumAndComplement(words));
            }
            BinaryPrimitives.WriteUInt32LittleEndian(control[WordAnswered..], BinaryPrimitives.ReadUInt32LittleEndian(control[WordSequence..]));
            Reply.Emit();
        }
    }

    /// <summary>The wrapping sum of <paramref name="words"/>, each of which is then replaced by its complement.</summary>
    private static uint SumAndComplement(Span<uint> words)
    {
        var vectors = MemoryMarshal.Cast<uint, Vector<uint>>(words);
        var sum = Vector<uint>.Zero;
        for (int i = 0; i < vectors.Length; i++)
        {
            sum += vectors[i];
            vectors[i] = ~vectors[i];
        }
        uint total = Vector.Sum(sum);
        for (int i = vectors.Length * Vector<uint>.Count; i < words.Length; i++)
        {
            total += words[i];
            words[i] = ~words[i];
        }
        return total;
    }
}
