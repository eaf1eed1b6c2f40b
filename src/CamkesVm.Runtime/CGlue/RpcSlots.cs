using System.Runtime.InteropServices;
using System.Text;

namespace CamkesVm.Runtime.CGlue;

/// <summary>
/// Converts between the C glue's 8-byte <c>camkes_rpc_slot</c>s and values boxed as the generated C# interfaces type
/// them (<see cref="CType.Clr"/>). Strings handed to C are allocated with the C library's <c>malloc</c>
/// (<see cref="NativeMemory.Alloc(nuint)"/>), so C code may <c>free</c> them, and strings C hands back are freed with <c>free</c>.
/// </summary>
internal static unsafe class RpcSlots
{
    /// <summary>The value in <paramref name="slot"/> as <paramref name="type"/>'s C# type (strings are copied; the C memory is left alone).</summary>
    public static object? Read(CType type, long slot) => type.Clr switch
    {
        var t when t == typeof(int) => (int)slot,
        var t when t == typeof(uint) => (uint)slot,
        var t when t == typeof(byte) => (byte)slot,
        var t when t == typeof(sbyte) => (sbyte)slot,
        var t when t == typeof(short) => (short)slot,
        var t when t == typeof(ushort) => (ushort)slot,
        var t when t == typeof(long) => slot,
        var t when t == typeof(ulong) => (ulong)slot,
        var t when t == typeof(bool) => slot != 0,
        var t when t == typeof(float) => (float)BitConverter.Int64BitsToDouble(slot),
        var t when t == typeof(double) => BitConverter.Int64BitsToDouble(slot),
        _ => Marshal.PtrToStringUTF8((nint)slot),
    };

    /// <summary>
    /// <paramref name="value"/> as a slot of <paramref name="type"/>: integers sign- or zero-extended as the slot field
    /// says, floats as double bits, strings as a new <c>malloc</c>ed UTF-8 copy (0 for null) that the receiver owns.
    /// </summary>
    public static long Write(CType type, object? value) => type.Field switch
    {
        SlotField.String => value is null ? 0 : (long)Allocate((string)value),
        SlotField.Float => BitConverter.DoubleToInt64Bits(Convert.ToDouble(value)),
        SlotField.Unsigned => value is bool b ? (b ? 1 : 0) : unchecked((long)Convert.ToUInt64(value)),
        _ => Convert.ToInt64(value),
    };

    /// <summary>Frees a string slot C handed over (<c>free</c>; null is fine).</summary>
    public static void Free(long slot) => NativeMemory.Free((void*)slot);

    private static byte* Allocate(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var memory = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(memory, length));
        memory[length] = 0;
        return memory;
    }
}
