using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Ds.Store
{
    // All subscribers and their patterns. A label subscribes once per
    // pattern (subscribing again to the same pattern is not a new
    // subscription, so a restarted component can simply redo its
    // subscriptions); the limit counts patterns over all subscribers.
    public sealed class Subscriptions
    {
        private readonly List<Subscriber> _subscribers = new List<Subscriber>();
        private readonly int _maxPatterns;
        private readonly int _maxPending;
        private int _patternCount;

        public Subscriptions(int maxPatterns, int maxPending)
        {
            _maxPatterns = maxPatterns;
            _maxPending = maxPending;
        }

        public int PatternCount => _patternCount;

        public Subscriber? Find(string label)
        {
            for (int i = 0; i < _subscribers.Count; i++)
            {
                if (_subscribers[i].Label == label)
                    return _subscribers[i];
            }
            return null;
        }

        // Ok (also when the caller already had the pattern) or
        // SubscriptionsFull. The pattern has been validated.
        internal int Add(Caller caller, string pattern, out Subscriber? subscriber)
        {
            subscriber = Find(caller.Label);
            if (subscriber != null)
            {
                subscriber.Endpoint = caller.Endpoint;
                if (subscriber.HasPattern(pattern))
                    return Status.Ok;
            }
            if (_patternCount >= _maxPatterns)
                return DataStoreStatus.SubscriptionsFull;
            if (subscriber == null)
            {
                subscriber = new Subscriber(caller.Label, caller.Endpoint, _maxPending);
                _subscribers.Add(subscriber);
            }
            subscriber.AddPattern(pattern);
            _patternCount++;
            return Status.Ok;
        }

        // The caller's next change (Subscriber.Take), or NoSubscription.
        internal int Check(Caller caller, out Change change)
        {
            change = default;
            Subscriber? subscriber = Find(caller.Label);
            if (subscriber == null)
                return DataStoreStatus.NoSubscription;
            subscriber.Endpoint = caller.Endpoint;
            return subscriber.Take(out change);
        }

        // Records a change to an entry of `owner`'s for every subscriber with
        // a matching pattern that may see it (Caller.MaySee), and adds each
        // of them (once) to notify.
        internal void Record(Change change, string owner, List<Subscriber> notify)
        {
            for (int i = 0; i < _subscribers.Count; i++)
            {
                Subscriber subscriber = _subscribers[i];
                if (!subscriber.Matches(change.Key) || (Caller.IsUserOwner(owner) && subscriber.Label != owner))
                    continue;
                subscriber.Record(change);
                if (!notify.Contains(subscriber))
                    notify.Add(subscriber);
            }
        }
    }
}
