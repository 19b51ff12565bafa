// SPDX-License-Identifier: GPL-2.0
/*
 * pin_hazard: a stand-in for a driver (RDMA, vfio, ...) that takes a
 * long-term writable pin on user memory and later writes through the
 * kernel's own mapping of the pinned pages. Used only by the harness's
 * hazard demonstration (hazard.c); not part of the series.
 *
 * /sys/kernel/debug/pin_hazard takes four ioctls:
 *   PIN_HAZARD_PIN    pin_user_pages(FOLL_LONGTERM | FOLL_WRITE) one page
 *   PIN_HAZARD_WRITE  fill the pinned page with a byte, through kmap
 *   PIN_HAZARD_DIRTY  returns 1 if the pinned page's folio is dirty, else 0
 *   PIN_HAZARD_UNPIN  unpin, dirtying the page or not (arg: 0 or 1); a
 *                     correct driver (RDMA, vfio) dirties, with
 *                     unpin_user_pages_dirty_lock(..., true)
 */
#include <linux/debugfs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include "pin_hazard.h"

static DEFINE_MUTEX(lock);
static struct page *pinned;

static long pin_hazard_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	long ret = 0;
	void *p;

	mutex_lock(&lock);
	switch (cmd) {
	case PIN_HAZARD_PIN:
		if (pinned) {
			ret = -EBUSY;
			break;
		}
		mmap_read_lock(current->mm);
		ret = pin_user_pages(arg, 1, FOLL_LONGTERM | FOLL_WRITE,
				     &pinned, NULL);
		mmap_read_unlock(current->mm);
		if (ret == 1) {
			ret = 0;
		} else {
			pinned = NULL;
			if (ret == 0)
				ret = -EFAULT;
		}
		break;
	case PIN_HAZARD_WRITE:
		if (!pinned) {
			ret = -EINVAL;
			break;
		}
		p = kmap_local_page(pinned);
		memset(p, (int)(arg & 0xff), PAGE_SIZE);
		kunmap_local(p);
		break;
	case PIN_HAZARD_DIRTY:
		if (!pinned) {
			ret = -EINVAL;
			break;
		}
		ret = folio_test_dirty(page_folio(pinned)) ? 1 : 0;
		break;
	case PIN_HAZARD_UNPIN:
		if (!pinned) {
			ret = -EINVAL;
			break;
		}
		unpin_user_pages_dirty_lock(&pinned, 1, arg != 0);
		pinned = NULL;
		break;
	default:
		ret = -ENOTTY;
	}
	mutex_unlock(&lock);
	return ret;
}

static int pin_hazard_release(struct inode *inode, struct file *file)
{
	mutex_lock(&lock);
	if (pinned)
		unpin_user_page(pinned);
	pinned = NULL;
	mutex_unlock(&lock);
	return 0;
}

static const struct file_operations pin_hazard_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = pin_hazard_ioctl,
	.release = pin_hazard_release,
};

static struct dentry *dentry;

static int __init pin_hazard_init(void)
{
	dentry = debugfs_create_file("pin_hazard", 0600, NULL, NULL,
				     &pin_hazard_fops);
	return 0;
}

static void __exit pin_hazard_exit(void)
{
	debugfs_remove(dentry);
}

module_init(pin_hazard_init);
module_exit(pin_hazard_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Long-term write pin stand-in for the hazard demonstration");
