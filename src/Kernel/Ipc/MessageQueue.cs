// A process's bounded queue of messages sent with SendAsync while it was not
// receiving. The storage is allocated once with the process slot. When it is
// full the sender is told (WouldBlock) and nothing is stored: the kernel never
// drops a message it has accepted. (The kernel's own messages do not use this
// queue: defect reports are held in the ended process's slot, IpcEngine.Defects.)
//
// Entries [0, Count), oldest first: a removal shifts the younger ones
// down (at most Capacity - 1 messages, cheaper than a ring's index
// arithmetic on every access).
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Ipc;

internal sealed class MessageQueue
{
    public const int Capacity = 32;

    private readonly Message[] entries = new Message[Capacity];
    private int count;

    public int Count => count;

    /// <summary>Entry i, 0 = oldest; i &lt; Count.</summary>
    public ref Message At(int i) => ref entries[i];

    /// <summary>Appends at the tail; false (and nothing stored) when the queue is full.</summary>
    public bool Enqueue(in Message message)
    {
        if (count >= Capacity)
            return false;
        entries[count++] = message;
        return true;
    }

    /// <summary>The oldest entry from <paramref name="source"/> (any source for Endpoint.Any), or -1.</summary>
    public int Find(Endpoint source)
    {
        for (int i = 0; i < count; i++)
        {
            if (source.IsAny || entries[i].Source == source.Value)
                return i;
        }
        return -1;
    }

    /// <summary>Removes entry i, keeping the others in order.</summary>
    public void RemoveAt(int i)
    {
        for (count--; i < count; i++)
            entries[i] = entries[i + 1];
        entries[count] = default;
    }

    // Entries past Count are already cleared (RemoveAt clears the one it vacates).
    public void Clear()
    {
        while (count > 0)
            entries[--count] = default;
    }
}
