namespace CamkesVm.Machine.Acpi;

/// <summary>
/// The Firmware ACPI Control Structure (ACPI 6.x §5.2.10): 64 bytes, 64-byte aligned, no checksum.
/// No waking vector (S3 is not offered), no global lock users, version 2.
/// </summary>
internal static class Facs
{
    public const int Length = 64;

    public static byte[] Build() => new AcpiTableBuilder()
        .Ascii("FACS", 4).U32(Length).U32(0) // signature, length, hardware signature
        .U32(0).U32(0).U32(0)               // firmware waking vector, global lock, flags
        .U64(0).U8(2).Zeros(3).U32(0)       // X waking vector, version, reserved, OSPM flags
        .Zeros(24).ToArray();
}
