using CamkesVm.Runtime.Components;

namespace CamkesVm.Runtime.Connectors;

/// <summary>The emitter end of a seL4Notification connection: signals every consumer end of it (1:N).</summary>
internal sealed class EventEmitterEnd(IReadOnlyList<EventConsumerEnd> consumers) : IEventEmitter
{
    public void Emit()
    {
        for (int i = 0; i < consumers.Count; i++) consumers[i].Signal();
    }
}
