#!/usr/bin/env bash
# placeholder replaced by the db work
exit 1
