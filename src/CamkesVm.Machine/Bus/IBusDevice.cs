namespace CamkesVm.Machine.Bus;

/// <summary>
/// The one device contract of both buses (DESIGN.md, "Devices"): reads and writes at an offset relative
/// to the start of the range the device was mapped at, with an access size of 1, 2 or 4 bytes.
/// Guest-driven accesses never throw: a device that does not decode an offset reads all ones and ignores writes.
/// </summary>
public interface IBusDevice
{
    /// <summary>Reads <paramref name="size"/> bytes at <paramref name="offset"/> from the start of the mapping.</summary>
    uint Read(uint offset, int size);

    /// <summary>Writes the low <paramref name="size"/> bytes of <paramref name="value"/> at <paramref name="offset"/>.</summary>
    void Write(uint offset, uint value, int size);
}
