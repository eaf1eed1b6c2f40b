namespace CamkesVm.Machine.Net;

/// <summary>
/// The wire behind a virtual network card: frames the guest transmits go to <see cref="Send"/> (on the machine
/// thread); frames for the guest go to the receiver given to <see cref="Attach"/> (from any thread).
/// Frames are Ethernet II without FCS, 14 to 65535 bytes.
/// </summary>
public interface INetworkBackend : IDisposable
{
    /// <summary>Connects the card; frames for the guest are delivered to <paramref name="receiver"/> from then on.</summary>
    void Attach(IFrameReceiver receiver);

    /// <summary>Puts a frame the guest transmitted on the wire (the span is only valid during the call).</summary>
    void Send(ReadOnlySpan<byte> frame);

    /// <summary>
    /// The card has finished a batch of <see cref="Send"/> calls (one pass over its transmit ring, on the machine
    /// thread): a backend that answers frames may answer the batch at once, as a receiver coalesces ACKs.
    /// </summary>
    void EndOfTransmit() { }
}
