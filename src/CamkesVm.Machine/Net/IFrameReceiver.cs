namespace CamkesVm.Machine.Net;

/// <summary>
/// Where a network backend delivers Ethernet frames for the guest (destination, source, type, payload;
/// no preamble, no FCS). Implementations are thread-safe: backends call it from their own threads.
/// </summary>
public interface IFrameReceiver
{
    /// <summary>Takes a copy of <paramref name="frame"/>; the span is only valid during the call.</summary>
    void Receive(ReadOnlySpan<byte> frame);
}
