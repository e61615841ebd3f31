using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Rs
{
    // RS's decision that a component stays down, published for its clients
    // (FS, VFS, TTY): "down.<label>" is in DS exactly while the component
    // is Stopped (past its restart limit, `service down`, exited with
    // status 0, or not startable), and deleted when it is started again.
    // Its value is the reason of the last failure (0: none), for logs. With
    // it, a client whose driver is gone fails requests at once instead of
    // waiting for a successor that will not come, and follows the driver
    // back when the key goes.
    //
    // Published after every event RS handles (Program's loop) by comparing
    // each component with what was published last, rather than at each
    // place that stops or starts one: every path that sets Stopped (limits,
    // requests, failed starts, rollbacks) is covered by one rule, and a
    // step that stops and restarts within one event (an update's failed
    // start rolled back) publishes nothing. Only changes cost a message.
    internal sealed class Availability
    {
        private readonly List<Service> _services;
        private readonly List<string> _published = new List<string>();

        public Availability(List<Service> services) => _services = services;

        public void Publish()
        {
            for (int i = 0; i < _services.Count; i++)
            {
                Service service = _services[i];
                bool down = service.Stopped;
                if (down == _published.Contains(service.Label))
                    continue;
                string key = RsKeys.DownPrefix + service.Label;
                if (down)
                {
                    DataStore.PublishNumber(key, (uint)service.LastReason);
                    _published.Add(service.Label);
                }
                else
                {
                    DataStore.Delete(key);
                    _published.Remove(service.Label);
                }
            }
        }
    }
}
