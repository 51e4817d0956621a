"""Offline branches (docs/sync.md#status): the branch's status-bar indicator with the background
sync, and the supervisor's 同步冲突 screen."""
