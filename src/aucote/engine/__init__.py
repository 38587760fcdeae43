"""The scan pipeline: targets → discovery → ports → services → checks → results, with limits,
cancellation and progress events. It never prints; observers do."""
