/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PIN_HAZARD_H
#define PIN_HAZARD_H
#include <linux/ioctl.h>

#define PIN_HAZARD_PIN		_IO('h', 1)	/* arg: user address */
#define PIN_HAZARD_WRITE	_IO('h', 2)	/* arg: byte to fill with */
#define PIN_HAZARD_UNPIN	_IO('h', 3)	/* arg: 1 to dirty the page */
#define PIN_HAZARD_DIRTY	_IO('h', 4)	/* returns 1 if the page is dirty */

#endif
